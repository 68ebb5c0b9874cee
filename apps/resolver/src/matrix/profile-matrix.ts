import { DirectoryClient, PresenceSocket } from '@lab/directory-client';
import type { Candidate } from '@lab/protocol';
import { Attacker, answeredCall, catchCaller, probeCall, resolveUser, sweep, watchUser } from '../attacks';
import { simulatedAddress } from '../attacks/address-display';
import type { Outcome } from './expected-matrix';
import { PROFILE_ATTACKS, ProfileAttack, ProfileOutcome, Viewpoint } from './expected-profiles';

/** Starts a directory with a protocol profile and hands back its URL. */
export type ProfileDirectoryFactory = (profile: string) => Promise<{ url: string; close(): Promise<void> }>;

export interface ProfileCell {
  profile: string;
  viewpoint: Viewpoint;
  attack: ProfileAttack;
  outcome: ProfileOutcome;
  /** What the attack got: an address, a count, or the directory's answer. */
  detail: string;
  /** Whether any victim's address (public, as seen on the wire, or LAN) is anywhere in what this attacker received. */
  addressSeen: boolean;
}

/** The victims, each from its own lab address: bob never answers, erin picks up. */
const VICTIMS = {
  bob: { source: '127.51.100.140', lan: '192.168.1.23' },
  carol: { source: '127.51.100.70', lan: '192.168.0.5' },
  dave: { source: '127.51.100.200', lan: '10.0.0.12' },
  erin: { source: '127.51.100.30', lan: '192.168.5.7' },
};
type VictimName = keyof typeof VICTIMS;
const PASSWORD = 'profile-victim-password';
/** bob's ring shows 1.5 s after the invite; the probe waits past it, to tell "before the ring" from "at the ring". */
const BOB_RING_MS = 1500;
const PROBE_WAIT_MS = 2500;
const ERIN_RING_MS = 300;

/**
 * Every address of every victim, in each form it could reach an attacker. Worked out at the first
 * profile matrix, not when the module loads: the simulated form reads the address plan, and the lab
 * loads this module at every start.
 */
let victimAddresses: string[] | undefined;
const victimAddressList = () =>
  (victimAddresses ??= Object.values(VICTIMS).flatMap((v) => [
    v.source,
    simulatedAddress(v.source) ?? v.source,
    v.lan,
  ]));

/**
 * Runs every attack against every profile, each in a fresh directory, from two points of view: a
 * stranger, and an accepted contact of every victim. Each cell has its own attacker account, so
 * what one attacker received is that cell's alone.
 */
export async function runProfileMatrix(
  startDirectory: ProfileDirectoryFactory,
  profiles: readonly string[],
  onCell: (cell: ProfileCell) => void = () => undefined,
): Promise<ProfileCell[]> {
  const cells: ProfileCell[] = [];
  for (const profile of profiles) {
    const directory = await startDirectory(profile);
    try {
      for (const cell of await measureProfile(directory.url, profile, onCell)) cells.push(cell);
    } finally {
      await directory.close();
    }
  }
  return cells;
}

/** The attacks each viewpoint runs: enumeration is a stranger's question only. */
export const attacksFor = (viewpoint: Viewpoint): readonly ProfileAttack[] =>
  viewpoint === 'stranger' ? PROFILE_ATTACKS : PROFILE_ATTACKS.filter((a) => a !== 'sweep');

async function measureProfile(
  url: string,
  profile: string,
  onCell: (cell: ProfileCell) => void,
): Promise<ProfileCell[]> {
  const clients: DirectoryClient[] = [];
  const sockets = new Map<VictimName, PresenceSocket>();
  const attackers: Attacker[] = [];
  const victim = async (name: VictimName, agent?: Parameters<DirectoryClient['openSocket']>[0]) => {
    const client = new DirectoryClient({ baseUrl: url, localAddress: VICTIMS[name].source });
    clients.push(client);
    await client.signUp(name, PASSWORD);
    if (agent) sockets.set(name, await client.openSocket({ localAddresses: [VICTIMS[name].lan], ...agent }));
    return client;
  };
  try {
    const victims = {
      bob: await victim('bob', { agent: { ringDelayMs: BOB_RING_MS } }),
      carol: await victim('carol', {}),
      dave: await victim('dave'),
      erin: await victim('erin', { agent: { ringDelayMs: ERIN_RING_MS, answer: () => true } }),
    };
    // Every cell's attacker, made while carol is still online: a contact's attackers are accepted
    // by every victim first.
    const attackerFor = new Map<string, Attacker>();
    let n = 0;
    for (const viewpoint of ['stranger', 'contact'] as const) {
      for (const attack of attacksFor(viewpoint)) {
        const username = `${viewpoint === 'stranger' ? 'mallory' : 'trudy'}${n}`;
        const attacker = await Attacker.connect({
          target: url,
          username,
          sourceAddress: `127.0.113.${150 + n++}`,
        });
        attackers.push(attacker);
        attackerFor.set(`${viewpoint} ${attack}`, attacker);
        if (viewpoint === 'contact') {
          for (const [name, client] of Object.entries(victims)) {
            await attacker.client.requestContact(name);
            await client.acceptContact(username);
          }
        }
      }
    }
    await sockets.get('carol')!.close(); // carol logs out
    sockets.delete('carol');

    const cells: ProfileCell[] = [];
    for (const viewpoint of ['stranger', 'contact'] as const) {
      for (const attack of attacksFor(viewpoint)) {
        const attacker = attackerFor.get(`${viewpoint} ${attack}`)!;
        const { outcome, detail } = await run(attack, attacker, url, victims.dave, sockets);
        const received = await attacker.received();
        const cell: ProfileCell = {
          profile,
          viewpoint,
          attack,
          outcome,
          detail,
          addressSeen: victimAddressList().some((address) => received.includes(address)),
        };
        cells.push(cell);
        onCell(cell);
      }
    }
    return cells;
  } finally {
    await Promise.all(attackers.map((a) => a.close()));
    await Promise.all([...sockets.values()].map((s) => s.close()));
    clients.forEach((c) => c.close());
  }
}

const leakedOr = (leaked: boolean, address: string | null, answer: string) =>
  leaked
    ? { outcome: 'leaked' as const, detail: address ?? '' }
    : { outcome: 'blocked' as const, detail: answer };

async function run(
  attack: ProfileAttack,
  attacker: Attacker,
  url: string,
  dave: DirectoryClient,
  sockets: Map<VictimName, PresenceSocket>,
): Promise<{ outcome: ProfileOutcome; detail: string }> {
  switch (attack) {
    case 'resolve': {
      const bob = await resolveUser(attacker, 'bob');
      return leakedOr(bob.leaked, `${bob.observedAddress}:${bob.port}`, bob.answer);
    }
    case 'watch':
      return watchDave(attacker, dave);
    case 'probe-call': {
      const probe = await probeCall(attacker, 'bob', PROBE_WAIT_MS);
      if (!probe.leaked)
        return { outcome: 'blocked', detail: `${probe.answer}${probe.ringShown ? ' (it rang)' : ''}` };
      const address = `${probe.observedAddress ?? probe.localAddresses[0]}`;
      return probe.ringShown
        ? { outcome: 'noticed', detail: `${address}, once it rang` }
        : { outcome: 'leaked', detail: `${address}, before the ring` };
    }
    case 'catch-caller': {
      const bob = sockets.get('bob')!;
      const attackerName = (await attacker.socket()).welcome?.username ?? '';
      let callId: string | undefined;
      const caught = await catchCaller(attacker, 'bob', {
        whileListening: async () => {
          callId = await bob.invite(attackerName).catch(() => undefined);
          if (callId) bob.send('call.candidates', { callId, candidates: ownCandidates(bob) });
        },
      });
      // A call nobody answered (or that never reached the attacker) is the caller's to end.
      if (callId) bob.send('call.cancel', { callId });
      return leakedOr(caught.leaked, caught.observedAddress ?? caught.localAddresses[0], caught.answer);
    }
    case 'answered-call': {
      const call = await answeredCall(attacker, 'erin', ERIN_RING_MS + 2000);
      return leakedOr(call.leaked, call.observedAddress ?? call.localAddresses[0], call.answer);
    }
    case 'sweep': {
      const words = Array.from({ length: 60 }, (_, i) =>
        i === 9 ? 'bob' : i === 49 ? 'carol' : `nobody${i}`,
      );
      const swept = await sweep(attacker, words);
      const outcome: Outcome =
        swept.existing.length === 0 ? 'blocked' : swept.rateLimitedAt ? 'limited' : 'leaked';
      return { outcome, detail: `${swept.existing.length} of 2 found` };
    }
    case 'resolve-after-logout': {
      const carol = await resolveUser(attacker, 'carol');
      return leakedOr(carol.leaked, carol.observedAddress, carol.answer);
    }
  }
}

/** What a calling client offers, as an ICE agent does: its LAN address and the public one the directory saw. */
function ownCandidates(socket: PresenceSocket): Candidate[] {
  const welcome = socket.welcome;
  const lan = Object.values(VICTIMS).find((v) => v.source === welcome?.observedAddress)?.lan;
  const port = welcome?.observedPort ?? 0;
  return [
    ...(lan ? [{ type: 'host' as const, address: lan, port }] : []),
    ...(welcome?.observedAddress ? [{ type: 'srflx' as const, address: welcome.observedAddress, port }] : []),
  ];
}

/** L2: subscribe to dave while he is offline, then let him come online, then offline again. */
async function watchDave(
  attacker: Attacker,
  dave: DirectoryClient,
): Promise<{ outcome: ProfileOutcome; detail: string }> {
  let leakedAddress: string | null = null;
  let watch: { stop(): void } | undefined;
  try {
    watch = await watchUser(attacker, 'dave', (s) => (leakedAddress ??= s.online ? s.observedAddress : null));
  } catch (error) {
    return { outcome: 'blocked', detail: `refused: ${(error as { code?: string }).code}` };
  }
  const socket = await dave.openSocket({ localAddresses: [VICTIMS.dave.lan] });
  await new Promise((r) => setTimeout(r, 150));
  watch.stop();
  await socket.close();
  return leakedAddress
    ? { outcome: 'leaked', detail: leakedAddress }
    : { outcome: 'blocked', detail: 'presence without address' };
}
