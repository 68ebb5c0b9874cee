import { CommandRunner, Option } from 'nest-commander';
import { Attacker, AttackerOptions, DEFAULT_ATTACKER } from '../attacks';
import { Output } from '../output/output';

export interface CommonOptions {
  target: string;
  user: string;
  password: string;
  source: string;
  json: boolean;
  registry: string;
  lab: string;
}

export const DEFAULTS: CommonOptions = {
  target: 'http://127.0.0.1:7001',
  user: DEFAULT_ATTACKER.username,
  password: DEFAULT_ATTACKER.password,
  source: DEFAULT_ATTACKER.sourceAddress,
  json: false,
  registry: 'http://127.0.0.1:7003',
  lab: 'http://127.0.0.1:7000',
};

/**
 * The options every attack shares. Each target is checked by the sandbox guard in the client
 * library before any connection: anything outside the lab is refused.
 */
export abstract class AttackCommand extends CommandRunner {
  protected abstract execute(params: string[], options: CommonOptions, output: Output): Promise<void>;

  async run(params: string[], options: Partial<CommonOptions>): Promise<void> {
    const merged = { ...DEFAULTS, ...options };
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

  @Option({
    flags: '-t, --target <url>',
    description: `the directory to attack (default ${DEFAULTS.target}, the vulnerable one)`,
  })
  parseTarget(value: string) {
    return value;
  }

  @Option({
    flags: '-u, --user <username>',
    description: `the attacker's account (default ${DEFAULTS.user}; created if missing)`,
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
    description: `the attacker's own source address (default ${DEFAULTS.source}, the café network)`,
  })
  parseSource(value: string) {
    return value;
  }

  @Option({
    flags: '--registry <url>',
    description: `the lab's RDAP registry (default ${DEFAULTS.registry})`,
  })
  parseRegistry(value: string) {
    return value;
  }

  @Option({ flags: '--lab <url>', description: `the lab orchestrator (default ${DEFAULTS.lab})` })
  parseLab(value: string) {
    return value;
  }

  @Option({ flags: '--json', description: 'one JSON object per line instead of a table' })
  parseJson() {
    return true;
  }
}
