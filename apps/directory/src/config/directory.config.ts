import type { DestinationStream } from 'pino';
import { LAB_VERSION } from '@lab/protocol';
import { IMPLEMENTED_MITIGATION_IDS, MitigationId } from '../mitigations';

/** Everything a directory instance needs, typed. Built once from the environment (or by a test). */
export interface DirectoryOptions {
  /** Instance name in logs, e.g. `directory-vulnerable`. */
  name: string;
  host: string;
  port: number;
  mitigations: MitigationId[];
  /** SQLite file path, or `:memory:`. */
  database: string;
  logLevel: string;
  logDestination?: DestinationStream;
  /** scrypt cost parameter N (a power of two). 16384 is the interactive-login recommendation. */
  scryptCost: number;
  heartbeatIntervalMs: number;
  /** A client that sends no heartbeat for this long is offline. */
  presenceTimeoutMs: number;
  sessionTtlMs: number;
  version: string;
}

export class ConfigError extends Error {
  constructor(variable: string, problem: string) {
    super(`${variable}: ${problem}`);
    this.name = 'ConfigError';
  }
}

export const DEFAULT_DIRECTORY_OPTIONS: Omit<DirectoryOptions, 'name' | 'port' | 'mitigations' | 'database'> =
  {
    host: '127.0.0.1',
    logLevel: 'info',
    scryptCost: 16384,
    heartbeatIntervalMs: 10_000,
    presenceTimeoutMs: 30_000,
    sessionTtlMs: 24 * 3600_000,
    version: LAB_VERSION,
  };

/** `none`, `all`, or a comma list such as `M1,M3`. */
export function parseMitigations(text: string, variable = 'DIRECTORY_MITIGATIONS'): MitigationId[] {
  const value = text.trim();
  if (value === '' || value.toLowerCase() === 'none') return [];
  if (value.toLowerCase() === 'all') return [...IMPLEMENTED_MITIGATION_IDS];
  const ids = value.split(',').map((part) => part.trim().toUpperCase());
  for (const id of ids) {
    if (id === 'M4') {
      throw new ConfigError(
        variable,
        'M4 (the relay) is not part of the directory yet; choose from ' +
          IMPLEMENTED_MITIGATION_IDS.join(', '),
      );
    }
    if (!(IMPLEMENTED_MITIGATION_IDS as readonly string[]).includes(id)) {
      throw new ConfigError(
        variable,
        `"${id}" is not a mitigation; use none, all, or a list of ${IMPLEMENTED_MITIGATION_IDS.join(', ')}`,
      );
    }
  }
  return IMPLEMENTED_MITIGATION_IDS.filter((id) => ids.includes(id));
}

export function variantOf(mitigations: readonly MitigationId[]): 'vulnerable' | 'fixed' | 'custom' {
  if (mitigations.length === 0) return 'vulnerable';
  if (IMPLEMENTED_MITIGATION_IDS.every((id) => mitigations.includes(id))) return 'fixed';
  return 'custom';
}

export function parsePort(text: string | undefined, fallback: number, variable: string): number {
  if (text === undefined || text === '') return fallback;
  const port = Number(text);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new ConfigError(variable, `"${text}" is not a TCP port (0–65535)`);
  }
  return port;
}

/** Binding anything but loopback exposes the lab; it takes an explicit opt-in. */
export function checkBindHost(
  host: string,
  allowNonLoopback: boolean,
  variable: string,
): { warning?: string } {
  const loopback = host === '127.0.0.1' || host === 'localhost' || host === '::1' || host.startsWith('127.');
  if (loopback) return {};
  if (!allowNonLoopback) {
    throw new ConfigError(
      variable,
      `"${host}" is not a loopback address; set LAB_ALLOW_NON_LOOPBACK=1 to bind it anyway`,
    );
  }
  return {
    warning: `binding ${host}: the lab is reachable from outside this machine. Addresses outside the lab are still never recorded.`,
  };
}

/**
 * Reads a standalone directory's options from the environment, failing fast with the name of the
 * variable that is wrong.
 */
export function directoryOptionsFromEnv(
  env: NodeJS.ProcessEnv = process.env,
): DirectoryOptions & { warning?: string } {
  const variant = env.DIRECTORY_VARIANT?.trim().toLowerCase();
  if (variant && variant !== 'vulnerable' && variant !== 'fixed') {
    throw new ConfigError('DIRECTORY_VARIANT', `"${env.DIRECTORY_VARIANT}" is neither vulnerable nor fixed`);
  }
  if (variant && env.DIRECTORY_MITIGATIONS) {
    throw new ConfigError(
      'DIRECTORY_MITIGATIONS',
      'set either DIRECTORY_VARIANT or DIRECTORY_MITIGATIONS, not both',
    );
  }
  const mitigations = env.DIRECTORY_MITIGATIONS
    ? parseMitigations(env.DIRECTORY_MITIGATIONS)
    : variant === 'fixed'
      ? [...IMPLEMENTED_MITIGATION_IDS]
      : [];
  const host = env.DIRECTORY_HOST || DEFAULT_DIRECTORY_OPTIONS.host;
  const { warning } = checkBindHost(host, env.LAB_ALLOW_NON_LOOPBACK === '1', 'DIRECTORY_HOST');
  const scryptCost = env.DIRECTORY_SCRYPT_COST
    ? Number(env.DIRECTORY_SCRYPT_COST)
    : DEFAULT_DIRECTORY_OPTIONS.scryptCost;
  if (!Number.isInteger(Math.log2(scryptCost)) || scryptCost < 1024) {
    throw new ConfigError(
      'DIRECTORY_SCRYPT_COST',
      `"${env.DIRECTORY_SCRYPT_COST}" must be a power of two, at least 1024`,
    );
  }
  const name = `directory-${variantOf(mitigations)}`;
  return {
    ...DEFAULT_DIRECTORY_OPTIONS,
    name,
    host,
    port: parsePort(env.DIRECTORY_PORT, 7001, 'DIRECTORY_PORT'),
    mitigations,
    database: env.DIRECTORY_DATABASE || `data/${name}.sqlite`,
    logLevel: env.LOG_LEVEL || DEFAULT_DIRECTORY_OPTIONS.logLevel,
    scryptCost,
    warning,
  };
}
