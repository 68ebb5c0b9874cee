import {
  ConfigError,
  DEFAULT_DIRECTORY_OPTIONS,
  DirectoryOptions,
  IMPLEMENTED_MITIGATION_IDS,
  checkBindHost,
  parsePort,
} from '@lab/directory';

/** `npm start`: the lab's ports and data folder, from the environment, checked once. */
export interface LabOptions {
  host: string;
  dataDir: string;
  warning?: string;
  directories: DirectoryOptions[];
}

export function labOptionsFromEnv(env: NodeJS.ProcessEnv = process.env): LabOptions {
  const host = env.LAB_HOST || '127.0.0.1';
  const { warning } = checkBindHost(host, env.LAB_ALLOW_NON_LOOPBACK === '1', 'LAB_HOST');
  const dataDir = env.LAB_DATA_DIR || 'data';
  const logLevel = env.LOG_LEVEL || 'info';
  const scryptCost = env.DIRECTORY_SCRYPT_COST
    ? Number(env.DIRECTORY_SCRYPT_COST)
    : DEFAULT_DIRECTORY_OPTIONS.scryptCost;
  if (!Number.isInteger(Math.log2(scryptCost)) || scryptCost < 1024) {
    throw new ConfigError('DIRECTORY_SCRYPT_COST', 'must be a power of two, at least 1024');
  }
  const base = { ...DEFAULT_DIRECTORY_OPTIONS, host, logLevel, scryptCost };
  return {
    host,
    dataDir,
    warning,
    directories: [
      {
        ...base,
        name: 'directory-vulnerable',
        port: parsePort(env.LAB_VULNERABLE_PORT, 7001, 'LAB_VULNERABLE_PORT'),
        mitigations: [],
        database: `${dataDir}/directory-vulnerable.sqlite`,
      },
      {
        ...base,
        name: 'directory-fixed',
        port: parsePort(env.LAB_FIXED_PORT, 7002, 'LAB_FIXED_PORT'),
        mitigations: [...IMPLEMENTED_MITIGATION_IDS],
        database: `${dataDir}/directory-fixed.sqlite`,
      },
    ],
  };
}
