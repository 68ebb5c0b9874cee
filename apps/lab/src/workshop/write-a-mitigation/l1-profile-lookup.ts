import { DirectoryClient, DirectoryError, DirectorySocketError, PresenceSocket } from '@lab/directory-client';
import { Attacker, Resolution, resolveUser } from '@lab/resolver';

/** One thing the check tried: the attack, which must get nothing, or a legitimate use, which must still work. */
export interface Step {
  kind: 'attack' | 'control';
  name: string;
  passed: boolean;
  /** What happened, in a sentence that says what to do next when it failed. */
  detail: string;
}

/**
 * Runs one request of a step, bounded in time; turns "the directory died" or "stopped answering"
 * into the reason it failed (and does not start `work` at all once the directory stopped answering).
 */
export type Within = <T>(what: string, work: () => Promise<T>) => Promise<T>;

/**
 * The users of the check's world, each from its own lab address (as the attack and mitigation
 * tests have them): bob and carol online at home, alice bob's accepted contact, and the stranger,
 * mallory, on the café network (the resolver's default).
 */
const USERS = {
  bob: { source: '127.51.100.140', lan: '192.168.1.23' },
  carol: { source: '127.51.100.70', lan: '192.168.0.5' },
  alice: { source: '127.51.100.30', lan: '192.168.2.7' },
} as const;
type UserName = keyof typeof USERS;
const PASSWORD = 'write-a-mitigation-password';

/** Every address of every user: none of them may reach the stranger. */
export const USER_ADDRESSES: readonly string[] = Object.values(USERS).flatMap((u) => [u.source, u.lan]);

const describe = (error: unknown): string => {
  const message = (error instanceof Error ? error.message : String(error)).replace(/\.$/, '');
  if (error instanceof DirectoryError)
    return `the directory answered ${error.status} ${error.code} (${message})`;
  if (error instanceof DirectorySocketError) return `the directory answered ${error.code} (${message})`;
  return message;
};

/** What of the users' whereabouts is in what the stranger received, as a participant should read it. */
function leakedIn(received: string, resolutions: Resolution[]): string[] {
  const found: string[] = [];
  for (const [name, user] of Object.entries(USERS)) {
    if (received.includes(user.source)) found.push(`${name}'s public address ${user.source}`);
    if (received.includes(user.lan)) found.push(`${name}'s LAN address ${user.lan}`);
  }
  // The port alone, with the address learnt elsewhere, still points at one connection.
  for (const r of resolutions)
    if (r.port !== null) found.push(`${r.username}'s port ${r.port} (the lastSeenPort field)`);
  return found;
}

/**
 * L1 — the profile lookup. The attack is the resolver's `resolve`, unchanged: mallory, a stranger,
 * looks bob and carol up; nothing of any user's address may be in anything she received. The
 * controls show that a fix which only breaks the directory does not pass: alice, bob's contact,
 * still looks him up and sees him online, and still calls him (a real call, media and all).
 */
export async function checkProfileLookup(url: string, within: Within): Promise<Step[]> {
  const clients: DirectoryClient[] = [];
  const sockets: PresenceSocket[] = [];
  const user = async (name: UserName, answer?: (from: string) => boolean) => {
    const client = new DirectoryClient({ baseUrl: url, localAddress: USERS[name].source });
    clients.push(client);
    await within(`signing ${name} up`, () => client.signUp(name, PASSWORD));
    const socket = await within(`bringing ${name} online`, () =>
      client.openSocket({
        localAddresses: [USERS[name].lan],
        agent: answer ? { media: true, ringDelayMs: 100, answer } : undefined,
      }),
    );
    sockets.push(socket);
    return { client, socket };
  };
  let attacker: Attacker | undefined;
  try {
    const bob = await user('bob', (from) => from === 'alice');
    await user('carol');
    const alice = await user('alice');
    await within('alice asking bob to be her contact', () => alice.client.requestContact('bob'));
    await within('bob accepting alice as a contact', () => bob.client.acceptContact('alice'));
    attacker = await within('signing the stranger, mallory, up', () => Attacker.connect({ target: url }));

    const steps: Step[] = [];
    steps.push(await contactLooksUp(alice.client, within));
    steps.push(await contactCalls(alice.socket, within));
    steps.push(await strangerResolves(attacker, within));
    return steps;
  } finally {
    await attacker?.close().catch(() => undefined);
    await Promise.all(sockets.map((s) => s.terminate()));
    clients.forEach((c) => c.close());
  }
}

async function contactLooksUp(alice: DirectoryClient, within: Within): Promise<Step> {
  const name = 'a contact looks bob up';
  try {
    const profile = await within("alice's lookup of bob", () => alice.lookup('bob'));
    if (profile?.username === 'bob' && profile.online === true)
      return {
        kind: 'control',
        name,
        passed: true,
        detail: 'alice, his contact, still sees that bob is online',
      };
    return {
      kind: 'control',
      name,
      passed: false,
      detail: `alice, bob's contact, no longer sees that he is online: the lookup answered ${JSON.stringify(profile)}; keep username, displayName, online and lastSeenAt in the profile`,
    };
  } catch (error) {
    return {
      kind: 'control',
      name,
      passed: false,
      detail: `a contact could no longer look bob up: ${describe(error)}; his contacts must still find him`,
    };
  }
}

async function contactCalls(alice: PresenceSocket, within: Within): Promise<Step> {
  const name = 'a contact calls bob';
  try {
    const call = await within("alice's call to bob", () => alice.placeCall('bob', { timeoutMs: 5000 }));
    if (call.intact)
      return {
        kind: 'control',
        name,
        passed: true,
        detail: 'alice still calls bob, and the call carries sound',
      };
    return {
      kind: 'control',
      name,
      passed: false,
      detail: `alice's call to bob connected but carried no sound (${call.bytes} bytes came back)`,
    };
  } catch (error) {
    return {
      kind: 'control',
      name,
      passed: false,
      detail: `a contact could no longer call bob: ${describe(error)}; calls between contacts must still work`,
    };
  }
}

async function strangerResolves(attacker: Attacker, within: Within): Promise<Step> {
  const name = 'L1: a stranger resolves bob and carol';
  let resolutions: Resolution[];
  try {
    resolutions = [
      await within("the stranger's lookup of bob", () => resolveUser(attacker, 'bob')),
      await within("the stranger's lookup of carol", () => resolveUser(attacker, 'carol')),
    ];
  } catch (error) {
    // The resolver reports a server fault instead of calling it blocked: a crash is not a fix.
    return {
      kind: 'attack',
      name,
      passed: false,
      detail: `the stranger's lookup failed instead of being answered: ${describe(error)}; a fix answers (with less), it does not fail`,
    };
  }
  const leaked = leakedIn(await attacker.received(), resolutions);
  if (leaked.length)
    return {
      kind: 'attack',
      name,
      passed: false,
      detail: `L1 still leaks: a stranger's profile lookup gave away ${leaked.join(', ')}`,
    };
  return {
    kind: 'attack',
    name,
    passed: true,
    detail: `the stranger got no address (${resolutions.map((r) => `${r.username}: ${r.answer}`).join(', ')})`,
  };
}
