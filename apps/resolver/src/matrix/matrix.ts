import { DirectoryClient, PresenceSocket } from '@lab/directory-client';
import {
  Attacker,
  probeCall,
  resolveFromDebugLog,
  resolveUser,
  sweep,
  sweepEmails,
  watchUser,
} from '../attacks';
import { AttackerCache } from '../cache/attacker-cache';
import { ATTACKS, AttackName, CONFIGURATIONS, Configuration, Outcome } from './expected-matrix';

/** Starts a directory with a set of mitigations and hands back its URL. */
export type DirectoryFactory = (mitigations: string[]) => Promise<{ url: string; close(): Promise<void> }>;

export interface Cell {
  attack: AttackName;
  configuration: Configuration;
  outcome: Outcome;
  /** What the attack got: an address, a count, or the directory's answer. */
  detail: string;
}

/** The victims every cell is measured against, each from its own lab address. */
const VICTIMS = {
  bob: { source: '127.51.100.140', lan: '192.168.1.23' },
  carol: { source: '127.51.100.70', lan: '192.168.0.5' },
  dave: { source: '127.51.100.200', lan: '10.0.0.12' },
};
const PASSWORD = 'matrix-victim-password';

export const mitigationsOf = (configuration: Configuration, all: string[]): string[] =>
  configuration === 'vulnerable' ? [] : configuration === 'fixed' ? all : [configuration];

/**
 * Runs every attack against every configuration, each in a fresh directory, and says what
 * leaked. The same attack code as the resolver's commands; nothing is assumed, everything measured.
 */
export async function runMatrix(
  startDirectory: DirectoryFactory,
  allMitigations: string[],
  onCell: (cell: Cell) => void = () => undefined,
  configurations: readonly Configuration[] = CONFIGURATIONS,
): Promise<Cell[]> {
  const cells: Cell[] = [];
  for (const configuration of configurations) {
    const directory = await startDirectory(mitigationsOf(configuration, allMitigations));
    try {
      for (const cell of await measure(directory.url, configuration)) {
        cells.push(cell);
        onCell(cell);
      }
    } finally {
      await directory.close();
    }
  }
  return cells;
}

async function measure(url: string, configuration: Configuration): Promise<Cell[]> {
  const sockets: PresenceSocket[] = [];
  const clients: DirectoryClient[] = [];
  const victim = async (name: keyof typeof VICTIMS, online: boolean) => {
    const client = new DirectoryClient({ baseUrl: url, localAddress: VICTIMS[name].source });
    clients.push(client);
    // Each victim signed up with an e-mail address and did not opt in to be found by it.
    await client.register(name, PASSWORD, undefined, { email: `${name}@mail.example` });
    await client.login(name, PASSWORD);
    if (!online) return client;
    sockets.push(
      await client.openSocket({ localAddresses: [VICTIMS[name].lan], agent: { ringDelayMs: 1500 } }),
    );
    return client;
  };
  const attacker = await Attacker.connect({ target: url });
  const cell = (attack: AttackName, outcome: Outcome, detail: string): Cell => ({
    attack,
    configuration,
    outcome,
    detail,
  });
  try {
    await victim('bob', true);
    await victim('dave', false);
    const carol = await victim('carol', true);
    await sockets.pop()!.close(); // carol logs out again
    carol.close();

    const results: Cell[] = [];
    const bob = await resolveUser(attacker, 'bob');
    results.push(
      cell(
        'resolve',
        bob.leaked ? 'leaked' : 'blocked',
        bob.leaked ? `${bob.observedAddress}:${bob.port}` : bob.answer,
      ),
    );

    // ip2skype: the cache keeps what the lookup leaked; then, who was at bob's address?
    const cache = AttackerCache.open(':memory:');
    cache.record(bob, url, 'resolve');
    const there = cache.reverse(VICTIMS.bob.source).map((s) => s.username);
    cache.close();
    results.push(
      cell(
        'reverse',
        there.includes('bob') ? 'leaked' : 'blocked',
        there.length ? there.join(', ') : 'cache empty',
      ),
    );

    const logged = await resolveFromDebugLog({ target: url }, 'bob');
    results.push(
      cell(
        'debug-log',
        logged.leaked ? 'leaked' : 'blocked',
        logged.leaked ? `${logged.observedAddress}` : logged.answer,
      ),
    );

    results.push(await watchCell(attacker, url, cell));

    const probe = await probeCall(attacker, 'bob');
    results.push(
      cell(
        'probe-call',
        probe.leaked ? 'leaked' : 'blocked',
        probe.leaked ? `${probe.observedAddress}:${probe.port}` : probe.answer,
      ),
    );

    const words = Array.from({ length: 60 }, (_, i) => (i === 9 ? 'bob' : i === 49 ? 'carol' : `nobody${i}`));
    const swept = await sweep(attacker, words);
    const outcome: Outcome =
      swept.existing.length === 0 ? 'blocked' : swept.rateLimitedAt ? 'limited' : 'leaked';
    results.push(
      cell(
        'sweep',
        outcome,
        `${swept.existing.length} of 2 found${swept.rateLimitedAt ? `, rate-limited at ${swept.rateLimitedAt}` : ''}`,
      ),
    );

    // After the sweep, a rate-limited attacker would be blocked for the wrong reason: use a fresh account.
    const second = await Attacker.connect({
      target: url,
      username: 'mallory2',
      sourceAddress: '127.0.113.151',
    });
    const gone = await resolveUser(second, 'carol');
    await second.close();

    // email2skype, from a third account and address, so that neither earlier budget counts.
    const third = await Attacker.connect({
      target: url,
      username: 'mallory3',
      sourceAddress: '127.0.113.152',
    });
    const emails = words.map((w) => `${w}@mail.example`);
    const found = await sweepEmails(third, emails);
    await third.close();
    results.push(
      cell(
        'find-email',
        found.found.length === 0 ? 'blocked' : found.rateLimitedAt ? 'limited' : 'leaked',
        `${found.found.length} of 2 found${found.rateLimitedAt ? `, rate-limited at ${found.rateLimitedAt}` : ''}`,
      ),
    );
    results.push(
      cell(
        'resolve-after-logout',
        gone.leaked ? 'leaked' : 'blocked',
        gone.leaked ? `${gone.observedAddress}` : gone.answer,
      ),
    );
    return results;
  } finally {
    await attacker.close();
    await Promise.all(sockets.map((s) => s.close()));
    clients.forEach((c) => c.close());
  }
}

/** L2: subscribe to dave while he is offline, then let him come online. */
async function watchCell(
  attacker: Attacker,
  url: string,
  cell: (a: AttackName, o: Outcome, d: string) => Cell,
): Promise<Cell> {
  let leakedAddress: string | null = null;
  let watch: { stop(): void } | undefined;
  try {
    watch = await watchUser(attacker, 'dave', (s) => (leakedAddress ??= s.online ? s.observedAddress : null));
  } catch (error) {
    return cell('watch', 'blocked', `refused: ${(error as { code?: string }).code}`);
  }
  const dave = new DirectoryClient({ baseUrl: url, localAddress: VICTIMS.dave.source });
  await dave.login('dave', PASSWORD);
  const socket = await dave.openSocket({ localAddresses: [VICTIMS.dave.lan] });
  await new Promise((r) => setTimeout(r, 150));
  watch.stop();
  await socket.close();
  dave.close();
  return leakedAddress
    ? cell('watch', 'leaked', leakedAddress)
    : cell('watch', 'blocked', 'presence without address');
}

export { ATTACKS };
