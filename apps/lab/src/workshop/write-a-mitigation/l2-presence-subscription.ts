import type { PresenceSocket } from '@lab/directory-client';
import { ErrorCode } from '@lab/protocol';
import { Attacker, Sighting, WatchRefused, watchUser } from '@lab/resolver';
import { Step, Within, describeError, leakedIn } from './steps';

// L2, following someone's presence: the resolver's `watch` against the participant's directory,
// and the presence bob's contacts must keep. A fix of the profile lookup alone leaves this open:
// the same address reaches the same stranger in the presence frames.

/**
 * A subscription the directory takes is answered at once with the user's presence now, right behind
 * `presence.subscribed` (realtime.gateway.ts): waited for as long as any other request of the check.
 */
const FIRST_FRAME_MS = 10_000;

export async function contactFollows(alice: PresenceSocket, within: Within): Promise<Step> {
  const name = "a contact follows bob's presence";
  // Any presence frame: alice follows bob alone, and a frame without his username must say so.
  const current = alice.waitFor('presence', undefined, { timeoutMs: FIRST_FRAME_MS });
  current.catch(() => undefined); // awaited below, unless the subscription itself failed
  try {
    await within("alice's subscription to bob", () => alice.subscribe('bob'));
    const event = await within(
      "bob's presence, as the directory answers alice's subscription",
      () => current,
    );
    if (event.username === 'bob' && event.online === true)
      return {
        kind: 'control',
        name,
        passed: true,
        detail: 'alice, his contact, is told that bob is online',
      };
    return {
      kind: 'control',
      name,
      passed: false,
      detail: `alice, bob's contact, is not told that bob is online: the presence frame was ${JSON.stringify(event)}; keep username and online in the presence event`,
    };
  } catch (error) {
    return {
      kind: 'control',
      name,
      passed: false,
      detail: `a contact could no longer follow bob's presence: ${describeError(error)}; his contacts must still see him come and go`,
    };
  }
}

/**
 * The resolver's `watch`, unchanged: mallory subscribes to bob's presence and keeps what the
 * frames carry. Refused (as for a missing user), or told only that bob is online, she learns no
 * address; a server error instead of an answer is not a fix.
 */
export async function strangerWatches(attacker: Attacker, within: Within): Promise<Step> {
  const name = "L2: a stranger follows bob's presence";
  const sightings: Sighting[] = [];
  let socket: PresenceSocket;
  let answer: string;
  try {
    socket = await within("the stranger's WebSocket", () => attacker.socket());
    const current = socket.waitFor('presence', undefined, { timeoutMs: FIRST_FRAME_MS });
    current.catch(() => undefined); // awaited below, unless the subscription was refused
    try {
      const watch = await within("the stranger's subscription to bob", () =>
        watchUser(attacker, 'bob', (sighting) => sightings.push(sighting)),
      );
      // Taken: what the stranger learns is in the frame that follows, so it must have arrived.
      await within("bob's presence, as the directory answers the stranger's subscription", () => current);
      watch.stop();
      answer = `told that bob is ${sightings[0]?.online ? 'online' : 'offline'}`;
    } catch (error) {
      // Refused as for a missing user (M2's answer). Any other refusal, a rate limit say, only
      // delays the stranger: it is no fix.
      if (!(error instanceof WatchRefused) || error.code !== ErrorCode.UserNotFound) throw error;
      answer = `refused with ${error.code}`;
    }
  } catch (error) {
    return {
      kind: 'attack',
      name,
      passed: false,
      detail: `the stranger's subscription failed instead of being answered: ${describeError(error)}; a fix answers (with less), it does not fail`,
    };
  }
  const leaked = leakedIn(
    socket.transcript.join('\n'),
    sightings.map((s) => ({ username: s.username, port: s.port, field: 'port' })),
  );
  if (leaked.length)
    return {
      kind: 'attack',
      name,
      passed: false,
      detail: `L2 still leaks: a stranger who follows bob's presence was given ${leaked.join(', ')} (the presence frames are the policy's presenceEvent; who may follow whom, its presenceVisibleTo)`,
    };
  return { kind: 'attack', name, passed: true, detail: `the stranger got no address (${answer})` };
}
