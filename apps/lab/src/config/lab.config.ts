import { randomBytes } from 'node:crypto';
import {
  ConfigError,
  DEFAULT_DIRECTORY_OPTIONS,
  DirectoryOptions,
  IMPLEMENTED_MITIGATION_IDS,
  checkBindHost,
  parseScryptCost,
  parseSessionTtl,
  parsePort,
} from '@lab/directory';
import { PeersOptions, peersOptionsFromEnv } from '@lab/peers';

/** `npm start`: the lab's ports, data folder, clock and secrets, from the environment, checked once. */
export interface LabOptions {
  host: string;
  dataDir: string;
  logLevel: string;
  scryptCost: number;
  /** DIRECTORY_SESSION_TTL, for every directory of the lab. */
  sessionTtlMs: number;
  /** `isp` runs the vulnerable support desk, `ispFixed` the fixed one (the same registry and lease logs). */
  ports: { lab: number; vulnerable: number; fixed: number; isp: number; ispFixed: number; relay: number };
  peers: PeersOptions;
  /** The token the ISPs' lease logs demand: the lab issues it, the workshop hands it out. */
  lawfulRequestToken: string;
  /** LAB_SEED, when set: the workshop draws from it instead of the seed kept in the data folder. */
  workshopSeed?: string;
  warning?: string;
  /** Where the built web console is; dist/console/ beside the build by default (tests point elsewhere). */
  consoleDir?: string;
}

export function labOptionsFromEnv(env: NodeJS.ProcessEnv = process.env): LabOptions {
  const host = env.LAB_HOST || '127.0.0.1';
  const { warning } = checkBindHost(host, env.LAB_ALLOW_NON_LOOPBACK === '1', 'LAB_HOST');
  const scryptCost = parseScryptCost(env.DIRECTORY_SCRYPT_COST);
  const sessionTtlMs = parseSessionTtl(env.DIRECTORY_SESSION_TTL);
  const token = env.LAB_LAWFUL_REQUEST_TOKEN || `lr-${randomBytes(12).toString('base64url')}`;
  if (!/^[A-Za-z0-9._-]{8,128}$/.test(token)) {
    throw new ConfigError(
      'LAB_LAWFUL_REQUEST_TOKEN',
      'must be 8–128 letters, digits, dots, dashes or underscores',
    );
  }
  return {
    host,
    dataDir: env.LAB_DATA_DIR || 'data',
    logLevel: env.LOG_LEVEL || 'warn',
    scryptCost,
    sessionTtlMs,
    ports: {
      lab: parsePort(env.LAB_PORT, 7000, 'LAB_PORT'),
      vulnerable: parsePort(env.LAB_VULNERABLE_PORT, 7001, 'LAB_VULNERABLE_PORT'),
      fixed: parsePort(env.LAB_FIXED_PORT, 7002, 'LAB_FIXED_PORT'),
      isp: parsePort(env.LAB_ISP_PORT, 7003, 'LAB_ISP_PORT'),
      relay: parsePort(env.LAB_RELAY_PORT, 7004, 'LAB_RELAY_PORT'),
      // 7005 is the relay's media port.
      ispFixed: parsePort(env.LAB_ISP_FIXED_PORT, 7006, 'LAB_ISP_FIXED_PORT'),
    },
    peers: peersOptionsFromEnv(env),
    lawfulRequestToken: token,
    workshopSeed: env.LAB_SEED || undefined,
    warning,
  };
}

/** A directory of the lab: the vulnerable one, the fixed one, or one started on demand. */
export function labDirectoryOptions(
  options: LabOptions,
  name: string,
  port: number,
  mitigations: DirectoryOptions['mitigations'],
  database: string,
): DirectoryOptions {
  return {
    ...DEFAULT_DIRECTORY_OPTIONS,
    host: options.host,
    logLevel: options.logLevel,
    scryptCost: options.scryptCost,
    sessionTtlMs: options.sessionTtlMs,
    name,
    port,
    mitigations,
    database,
  };
}

export const FIXED_MITIGATIONS = IMPLEMENTED_MITIGATION_IDS;

/** The lab API's URL for the command line: the port `npm start` uses, or the one LAB_PORT moved it to. */
export function labUrlFromEnv(env: NodeJS.ProcessEnv = process.env): string {
  return `http://127.0.0.1:${parsePort(env.LAB_PORT, 7000, 'LAB_PORT')}`;
}
