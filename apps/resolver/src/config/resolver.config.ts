import { join } from 'node:path';
import { ConfigError, parsePort } from '@lab/http-kit';

/**
 * Where the resolver looks for the lab by default: the ports `npm start` uses, or the ones the
 * same LAB_* variables moved it to (so one `export LAB_PORT=…` moves both).
 *
 * In the Docker world the parts are not on loopback: the resolver's container names them by
 * their plan addresses in LAB_TARGET_URL, LAB_REGISTRY_URL and LAB_URL, and lets the kernel pick
 * its source address (LAB_ATTACKER_SOURCE=auto), since it really sits on the café network.
 */
export function labEndpointsFromEnv(env: NodeJS.ProcessEnv = process.env) {
  const url = (variable: string, fallback: number) =>
    `http://127.0.0.1:${parsePort(env[variable], fallback, variable)}`;
  const given = (variable: string) => {
    const value = env[variable]?.trim();
    if (!value) return undefined;
    if (!URL.canParse(value)) throw new ConfigError(variable, `"${value}" is not a URL`);
    return value;
  };
  return {
    target: given('LAB_TARGET_URL') ?? url('LAB_VULNERABLE_PORT', 7001),
    lab: given('LAB_URL') ?? url('LAB_PORT', 7000),
    registry: given('LAB_REGISTRY_URL') ?? url('LAB_ISP_PORT', 7003),
  };
}

/**
 * The defaults `--help` shows: where the resolver will look, with the variable that moves each.
 * Read when the commands are defined; a bad LAB_* value is reported when a command runs instead.
 */
export function helpDefaultsFromEnv(env: NodeJS.ProcessEnv = process.env) {
  let endpoints: ReturnType<typeof labEndpointsFromEnv>;
  try {
    endpoints = labEndpointsFromEnv(env);
  } catch {
    endpoints = labEndpointsFromEnv({});
  }
  return {
    target: `${endpoints.target}, LAB_VULNERABLE_PORT moves it`,
    registry: `${endpoints.registry}, LAB_ISP_PORT moves it`,
    lab: `${endpoints.lab}, LAB_PORT moves it`,
  };
}

/**
 * Where the attacker keeps the cache of everything earlier commands resolved (reverse, chain):
 * LAB_RESOLVER_CACHE, or resolver-cache.sqlite in the lab's data folder (LAB_DATA_DIR, default data/).
 */
export function resolverCacheFromEnv(env: NodeJS.ProcessEnv = process.env): string {
  return env.LAB_RESOLVER_CACHE?.trim() || join(env.LAB_DATA_DIR?.trim() || 'data', 'resolver-cache.sqlite');
}

/** The attacker's source address from LAB_ATTACKER_SOURCE: `auto` lets the kernel choose. */
export function attackerSourceFromEnv(env: NodeJS.ProcessEnv = process.env): string | undefined {
  return env.LAB_ATTACKER_SOURCE?.trim() || undefined;
}
