import type { DestinationStream } from 'pino';
import { LAB_VERSION, RELAY_SECRET_MIN_LENGTH } from '@lab/protocol';
import { SandboxRefusal, checkTargetHost } from '@lab/sandbox';
import { ConfigError, HttpAdapterKind, checkBindHost, parseDuration, parsePort } from '@lab/http-kit';
import { IMPLEMENTED_MITIGATION_IDS, MitigationId, RELAY_MODES, RelayMode } from '../mitigations';
import type { PolicyOverride } from '../policy/compose-policy';
import { ALL_PROFILES } from '../protocol-profiles/all-profiles';

export { ConfigError, checkBindHost, parsePort };

/** M4: the relay (apps/relay) that relayed calls go through. */
export interface DirectoryRelayOptions {
  /** The relay's HTTP API, e.g. `http://127.0.0.1:7004`: loopback or a lab network only. */
  url: string;
  /** The relay's RELAY_SECRET; the directory sends it as `Authorization: Relay <secret>`. */
  secret: string;
  /** Which calls to relay: `strangers` (all but mutual contacts' calls, the default) or `always`. */
  calls?: RelayMode;
}

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
  /** How long a login lasts. When it ends, REST calls answer 401 and its WebSockets close with 4401. */
  sessionTtlMs: number;
  version: string;
  /** Required with M4, ignored without it. */
  relay?: DirectoryRelayOptions;
  /**
   * Hooks laid over the mitigations' policy: only the workshop's "write a mitigation yourself" check
   * sets it, for a directory it starts in a child process of its own. Code only: no environment
   * variable reaches it, so a standalone directory or the lab's own never runs one.
   */
  policyOverride?: PolicyOverride;
  /**
   * A protocol profile (../protocol-profiles), e.g. `xmpp`: it decides the mitigations and the
   * relay mode, and adds hooks of its own.
   */
  profile?: string;
  /**
   * Nest's HTTP adapter: Fastify unless told (it answers a lookup with less CPU; see
   * docs/architecture.md). Code only: tests run the same requests on Express, to compare.
   */
  httpAdapter?: HttpAdapterKind;
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

export { RELAY_SECRET_MIN_LENGTH };

/** DIRECTORY_SCRYPT_COST: scrypt's N, a power of two of at least 1024 (default 16384). */
export function parseScryptCost(text: string | undefined): number {
  if (text === undefined || text === '') return DEFAULT_DIRECTORY_OPTIONS.scryptCost;
  const cost = Number(text);
  if (!Number.isInteger(Math.log2(cost)) || cost < 1024) {
    throw new ConfigError('DIRECTORY_SCRYPT_COST', `"${text}" must be a power of two, at least 1024`);
  }
  return cost;
}

/** Bounds of DIRECTORY_SESSION_TTL: a second (tests expire sessions in seconds) to 30 days. */
export const SESSION_TTL_BOUNDS = { minMs: 1000, maxMs: 30 * 86_400_000 };

/** DIRECTORY_SESSION_TTL: seconds (`86400`) or a duration such as `90s`, `15m`, `24h`, `7d` (default 24h). */
export function parseSessionTtl(text: string | undefined): number {
  return parseDuration(
    text,
    DEFAULT_DIRECTORY_OPTIONS.sessionTtlMs,
    'DIRECTORY_SESSION_TTL',
    SESSION_TTL_BOUNDS,
  );
}

/**
 * M4 cannot work without a relay, and must never fall back to direct calls: a directory with M4
 * and no usable relay refuses to start. Run by `startDirectory` too, so options built in code get
 * the same errors (named after the environment variables a participant would set).
 */
export function checkRelayOptions(options: Pick<DirectoryOptions, 'mitigations' | 'relay'>): void {
  if (!options.mitigations.includes('M4')) return;
  const relay = options.relay;
  if (!relay) {
    throw new ConfigError(
      'DIRECTORY_RELAY_URL',
      'M4 sends calls through the relay (apps/relay): set DIRECTORY_RELAY_URL (e.g. http://127.0.0.1:7004) ' +
        "and DIRECTORY_RELAY_SECRET (the relay's RELAY_SECRET), or leave M4 out",
    );
  }
  let url: URL;
  try {
    url = new URL(relay.url);
  } catch {
    throw new ConfigError('DIRECTORY_RELAY_URL', `"${relay.url}" is not a URL; e.g. http://127.0.0.1:7004`);
  }
  try {
    checkTargetHost(url);
  } catch (error) {
    if (error instanceof SandboxRefusal) throw new ConfigError('DIRECTORY_RELAY_URL', error.message);
    throw error;
  }
  if (url.protocol !== 'http:') {
    throw new ConfigError('DIRECTORY_RELAY_URL', `"${relay.url}" must be an http:// URL (the relay's API)`);
  }
  if (relay.secret.length < RELAY_SECRET_MIN_LENGTH) {
    throw new ConfigError(
      'DIRECTORY_RELAY_SECRET',
      `must be the relay's RELAY_SECRET, at least ${RELAY_SECRET_MIN_LENGTH} characters`,
    );
  }
  if (relay.calls !== undefined && !RELAY_MODES.includes(relay.calls)) {
    throw new ConfigError('DIRECTORY_RELAY', `"${relay.calls}" is neither strangers nor always`);
  }
}

/** Reads M4's relay settings; `undefined` when M4 is off. */
function relayFromEnv(
  env: NodeJS.ProcessEnv,
  mitigations: MitigationId[],
): DirectoryRelayOptions | undefined {
  const calls = env.DIRECTORY_RELAY?.trim().toLowerCase();
  if (!mitigations.includes('M4')) {
    if (calls) {
      throw new ConfigError(
        'DIRECTORY_RELAY',
        'only applies with M4: add M4 to DIRECTORY_MITIGATIONS, or use DIRECTORY_VARIANT=fixed',
      );
    }
    return undefined;
  }
  if (!env.DIRECTORY_RELAY_URL) return undefined; // checkRelayOptions names the missing variable
  if (!env.DIRECTORY_RELAY_SECRET) {
    throw new ConfigError(
      'DIRECTORY_RELAY_SECRET',
      "is required with DIRECTORY_RELAY_URL: the relay's RELAY_SECRET",
    );
  }
  if (calls && !(RELAY_MODES as readonly string[]).includes(calls)) {
    throw new ConfigError('DIRECTORY_RELAY', `"${env.DIRECTORY_RELAY}" is neither strangers nor always`);
  }
  return {
    url: env.DIRECTORY_RELAY_URL,
    secret: env.DIRECTORY_RELAY_SECRET,
    calls: (calls || 'strangers') as RelayMode,
  };
}

/**
 * Reads a standalone directory's options from the environment, failing fast with the name of the
 * variable that is wrong.
 */
export function directoryOptionsFromEnv(
  env: NodeJS.ProcessEnv = process.env,
): DirectoryOptions & { warning?: string } {
  if (env.DIRECTORY_PROFILE) return profileOptionsFromEnv(env, env.DIRECTORY_PROFILE.trim().toLowerCase());
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
  const scryptCost = parseScryptCost(env.DIRECTORY_SCRYPT_COST);
  const sessionTtlMs = parseSessionTtl(env.DIRECTORY_SESSION_TTL);
  const relay = relayFromEnv(env, mitigations);
  checkRelayOptions({ mitigations, relay });
  const name = `directory-${variantOf(mitigations)}`;
  return {
    ...DEFAULT_DIRECTORY_OPTIONS,
    name,
    host,
    port: parsePort(env.DIRECTORY_PORT, 7001, 'DIRECTORY_PORT'),
    mitigations,
    // Apart from the files `npm start` uses, so a standalone directory never shares one with the lab.
    database: env.DIRECTORY_DATABASE || `data/standalone-${name}.sqlite`,
    logLevel: env.LOG_LEVEL || DEFAULT_DIRECTORY_OPTIONS.logLevel,
    scryptCost,
    sessionTtlMs,
    relay,
    warning,
  };
}

/**
 * DIRECTORY_PROFILE: a directory that behaves like one real system (docs/profiles.md). The profile
 * decides the mitigations and the relay mode, so the variables that would choose them are refused.
 */
function profileOptionsFromEnv(
  env: NodeJS.ProcessEnv,
  name: string,
): DirectoryOptions & { warning?: string } {
  const profile = ALL_PROFILES.find((p) => p.name === name);
  if (!profile) {
    throw new ConfigError(
      'DIRECTORY_PROFILE',
      `"${env.DIRECTORY_PROFILE}" is not a profile; use one of ${ALL_PROFILES.map((p) => p.name).join(', ')}`,
    );
  }
  for (const variable of ['DIRECTORY_VARIANT', 'DIRECTORY_MITIGATIONS', 'DIRECTORY_RELAY']) {
    if (env[variable]) {
      throw new ConfigError(
        variable,
        `the profile ${profile.name} decides it: unset ${variable} or DIRECTORY_PROFILE`,
      );
    }
  }
  const options = directoryOptionsFromEnv({
    ...env,
    DIRECTORY_PROFILE: undefined,
    DIRECTORY_MITIGATIONS: profile.mitigations.join(',') || 'none',
    DIRECTORY_RELAY: profile.relayCalls,
  });
  const named = `directory-${profile.name}`;
  return {
    ...options,
    name: named,
    profile: profile.name,
    database: env.DIRECTORY_DATABASE || `data/standalone-${named}.sqlite`,
  };
}
