import { isIP } from 'node:net';
import type { DestinationStream } from 'pino';
import { ConfigError, checkBindHost, parseDuration, parsePort } from '@lab/http-kit';
import { LAB_VERSION, RELAY_SECRET_MIN_LENGTH } from '@lab/protocol';

export { ConfigError, RELAY_SECRET_MIN_LENGTH };

/** Everything a relay instance needs, typed. Built once from the environment (or by the lab, a test). */
export interface RelayOptions {
  /** Instance name in logs. */
  name: string;
  /** Interface of the HTTP API (allocations, banner) and of the media port. */
  host: string;
  /** HTTP API port: the directory allocates here. */
  port: number;
  /** TCP media port: the callers and callees connect here with their tokens. */
  mediaPort: number;
  /**
   * The address put in allocations (and so in relay candidates). Defaults to `host`; in Docker
   * mode it is the relay's address on the lab network, which is not the one it binds.
   */
  advertisedAddress?: string;
  /** Shared with the directory: `Authorization: Relay <secret>`. */
  secret: string;
  /** An allocation whose two parties have not both connected by then is dropped. */
  allocationTtlMs: number;
  /** A relayed call is cut after this long: it is a lab, not a phone company. */
  maxSessionMs: number;
  /** …or after this many bytes, both directions together. */
  maxBytesPerAllocation: number;
  /** Unused allocations held at once; beyond that POST /allocations answers 429. */
  maxAllocations: number;
  /**
   * Unused allocations charged to one account (a party of the call) at once; beyond that
   * POST /allocations answers 429 `relay_quota_exceeded`. So a few accounts cannot take them all.
   */
  maxAllocationsPerAccount: number;
  /** A media connection must send its token line within this time. */
  tokenTimeoutMs: number;
  logLevel: string;
  logDestination?: DestinationStream;
  version: string;
}

export const DEFAULT_RELAY_OPTIONS: Omit<RelayOptions, 'secret'> = {
  name: 'relay',
  host: '127.0.0.1',
  port: 7004,
  mediaPort: 7005,
  allocationTtlMs: 60_000,
  maxSessionMs: 60_000,
  maxBytesPerAllocation: 1024 * 1024,
  maxAllocations: 256,
  maxAllocationsPerAccount: 8,
  tokenTimeoutMs: 5_000,
  logLevel: 'info',
  version: LAB_VERSION,
};

/** The checks both entry points share: a test or the lab passing options gets the same errors. */
export function checkRelayOptions(options: RelayOptions, allowNonLoopback = false): { warning?: string } {
  if (options.secret.length < RELAY_SECRET_MIN_LENGTH) {
    throw new ConfigError(
      'RELAY_SECRET',
      `must be at least ${RELAY_SECRET_MIN_LENGTH} characters (the directory sends it as "Authorization: Relay <secret>"); e.g. openssl rand -hex 16`,
    );
  }
  if (options.advertisedAddress !== undefined && isIP(options.advertisedAddress) !== 4) {
    throw new ConfigError(
      'RELAY_ADVERTISED_ADDRESS',
      `"${options.advertisedAddress}" is not an IPv4 address`,
    );
  }
  if (!Number.isInteger(options.maxAllocationsPerAccount) || options.maxAllocationsPerAccount < 1) {
    throw new ConfigError(
      'RELAY_MAX_ALLOCATIONS_PER_ACCOUNT',
      `${options.maxAllocationsPerAccount} must be a whole number, at least 1`,
    );
  }
  if (options.port !== 0 && options.port === options.mediaPort) {
    throw new ConfigError('RELAY_MEDIA_PORT', `must differ from RELAY_PORT (both are ${options.port})`);
  }
  return checkBindHost(options.host, allowNonLoopback, 'RELAY_HOST');
}

/** A whole number setting within bounds. */
function parseCount(text: string | undefined, fallback: number, variable: string, max: number): number {
  if (text === undefined || text === '') return fallback;
  const value = Number(text);
  if (!Number.isInteger(value) || value < 1 || value > max) {
    throw new ConfigError(variable, `"${text}" must be a whole number from 1 to ${max}`);
  }
  return value;
}

/** Reads a standalone relay's options from the environment, failing fast with the variable's name. */
export function relayOptionsFromEnv(
  env: NodeJS.ProcessEnv = process.env,
): RelayOptions & { warning?: string } {
  if (!env.RELAY_SECRET) {
    throw new ConfigError(
      'RELAY_SECRET',
      'is required: the secret the directory (DIRECTORY_RELAY_SECRET) authorises its allocations with',
    );
  }
  const options: RelayOptions = {
    ...DEFAULT_RELAY_OPTIONS,
    host: env.RELAY_HOST || DEFAULT_RELAY_OPTIONS.host,
    port: parsePort(env.RELAY_PORT, DEFAULT_RELAY_OPTIONS.port, 'RELAY_PORT'),
    mediaPort: parsePort(env.RELAY_MEDIA_PORT, DEFAULT_RELAY_OPTIONS.mediaPort, 'RELAY_MEDIA_PORT'),
    advertisedAddress: env.RELAY_ADVERTISED_ADDRESS || undefined,
    secret: env.RELAY_SECRET,
    allocationTtlMs: parseDuration(
      env.RELAY_ALLOCATION_TTL,
      DEFAULT_RELAY_OPTIONS.allocationTtlMs,
      'RELAY_ALLOCATION_TTL',
      {
        minMs: 1000,
        maxMs: 3600_000,
      },
    ),
    maxAllocations: parseCount(
      env.RELAY_MAX_ALLOCATIONS,
      DEFAULT_RELAY_OPTIONS.maxAllocations,
      'RELAY_MAX_ALLOCATIONS',
      100_000,
    ),
    maxAllocationsPerAccount: parseCount(
      env.RELAY_MAX_ALLOCATIONS_PER_ACCOUNT,
      DEFAULT_RELAY_OPTIONS.maxAllocationsPerAccount,
      'RELAY_MAX_ALLOCATIONS_PER_ACCOUNT',
      100_000,
    ),
    logLevel: env.LOG_LEVEL || DEFAULT_RELAY_OPTIONS.logLevel,
  };
  const { warning } = checkRelayOptions(options, env.LAB_ALLOW_NON_LOOPBACK === '1');
  return { ...options, warning };
}
