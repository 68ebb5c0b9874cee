import { DirectoryClient } from '@lab/directory-client';
import { Attacker, Resolution, resolveUser } from '@lab/resolver';
import { Step, Within, describeError, leakedIn } from './steps';

// L1, the profile lookup: the resolver's `resolve` against the participant's directory, and the
// lookup bob's contacts must keep.

export async function contactLooksUp(alice: DirectoryClient, within: Within): Promise<Step> {
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
      detail: `a contact could no longer look bob up: ${describeError(error)}; his contacts must still find him`,
    };
  }
}

export async function strangerResolves(attacker: Attacker, within: Within): Promise<Step> {
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
      detail: `the stranger's lookup failed instead of being answered: ${describeError(error)}; a fix answers (with less), it does not fail`,
    };
  }
  const leaked = leakedIn(
    await attacker.received(),
    resolutions.map((r) => ({ username: r.username, port: r.port, field: 'lastSeenPort' })),
  );
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
