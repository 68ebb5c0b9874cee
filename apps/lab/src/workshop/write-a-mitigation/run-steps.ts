import { DirectoryClient, PresenceSocket } from '@lab/directory-client';
import { Attacker } from '@lab/resolver';
import { contactLooksUp, strangerResolves } from './l1-profile-lookup';
import { contactFollows, strangerWatches } from './l2-presence-subscription';
import { Step, USERS, UserName, Within, describeError } from './steps';

const PASSWORD = 'write-a-mitigation-password';

/**
 * The attacks a participant's policy must stop, and what bob's contacts must keep. The attacks are
 * the resolver's own, unchanged, by mallory, a stranger: `resolve` (L1: she looks bob and carol up)
 * and `watch` (L2: she follows bob's presence); nothing of any user's address may be in anything
 * she received. The controls show that a fix which only breaks the directory does not pass: alice,
 * bob's contact, still looks him up and sees him online, still follows his presence, and still
 * calls him (a real call, media and all).
 */
export async function runSteps(url: string, within: Within): Promise<Step[]> {
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
    steps.push(await contactFollows(alice.socket, within));
    steps.push(await contactCalls(alice.socket, within));
    steps.push(await strangerResolves(attacker, within));
    steps.push(await strangerWatches(attacker, within));
    return steps;
  } finally {
    await attacker?.close().catch(() => undefined);
    await Promise.all(sockets.map((s) => s.terminate()));
    clients.forEach((c) => c.close());
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
      detail: `a contact could no longer call bob: ${describeError(error)}; calls between contacts must still work`,
    };
  }
}
