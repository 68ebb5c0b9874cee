import { CommandRunner, Option } from './commander';
import { Attacker, AttackerOptions, DEFAULT_ATTACKER } from '../attacks';
import { AttackerCache } from '../cache/attacker-cache';
import {
  attackerSourceFromEnv,
  helpDefaultsFromEnv,
  labEndpointsFromEnv,
  resolverCacheFromEnv,
} from '../config/resolver.config';
import { Output } from '@lab/cli-kit';

export interface CommonOptions {
  target: string;
  user: string;
  password: string;
  source: string;
  json: boolean;
  registry: string;
  lab: string;
  /** The attacker's cache file (SQLite): what earlier commands resolved. */
  cache: string;
}

/** Read when a command runs, so a bad LAB_* variable is reported like any other error. */
export const defaults = (): CommonOptions => ({
  ...labEndpointsFromEnv(),
  user: DEFAULT_ATTACKER.username,
  password: DEFAULT_ATTACKER.password,
  source: attackerSourceFromEnv() ?? DEFAULT_ATTACKER.sourceAddress,
  cache: resolverCacheFromEnv(),
  json: false,
});

const HELP_DEFAULTS = helpDefaultsFromEnv();

/**
 * The options every attack shares. Each target is checked by the sandbox guard in the client
 * library before any connection: anything outside the lab is refused.
 */
export abstract class AttackCommand extends CommandRunner {
  protected abstract execute(params: string[], options: CommonOptions, output: Output): Promise<void>;

  async run(params: string[], options: Partial<CommonOptions>): Promise<void> {
    const merged = { ...defaults(), ...options };
    await this.execute(params, merged, new Output(merged.json));
  }

  protected attacker(options: CommonOptions): Promise<Attacker> {
    const attackerOptions: AttackerOptions = {
      target: options.target,
      username: options.user,
      password: options.password,
      sourceAddress: options.source,
    };
    return Attacker.connect(attackerOptions);
  }

  /** Runs with the attacker's cache open, and closes it after. */
  protected async withCache<T>(
    options: CommonOptions,
    use: (cache: AttackerCache) => Promise<T>,
  ): Promise<T> {
    const cache = AttackerCache.open(options.cache);
    try {
      return await use(cache);
    } finally {
      cache.close();
    }
  }

  @Option({
    flags: '--cache <file>',
    description:
      "the attacker's cache of what earlier commands resolved (default LAB_RESOLVER_CACHE or data/resolver-cache.sqlite)",
  })
  parseCache(value: string) {
    return value;
  }

  @Option({
    flags: '-t, --target <url>',
    description: `the directory to attack (default ${HELP_DEFAULTS.target}; the vulnerable one)`,
  })
  parseTarget(value: string) {
    return value;
  }

  @Option({
    flags: '-u, --user <username>',
    description: `the attacker's account (default ${DEFAULT_ATTACKER.username}; created if missing)`,
  })
  parseUser(value: string) {
    return value;
  }

  @Option({ flags: '-p, --password <password>', description: "the attacker account's password" })
  parsePassword(value: string) {
    return value;
  }

  @Option({
    flags: '-s, --source <address>',
    description: `the attacker's own source address (default ${DEFAULT_ATTACKER.sourceAddress}, the café network; \`auto\`: the kernel's choice)`,
  })
  parseSource(value: string) {
    return value;
  }

  @Option({
    flags: '--registry <url>',
    description: `the lab's RDAP registry and lease logs (default ${HELP_DEFAULTS.registry})`,
  })
  parseRegistry(value: string) {
    return value;
  }

  @Option({ flags: '--lab <url>', description: `the lab orchestrator (default ${HELP_DEFAULTS.lab})` })
  parseLab(value: string) {
    return value;
  }

  @Option({ flags: '--json', description: 'one JSON object per line instead of a table' })
  parseJson() {
    return true;
  }
}
