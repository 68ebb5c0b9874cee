import { DirectoryError } from '@lab/directory-client';
import { simulatedAddress } from './address-display';
import type { Attacker } from './attacker';
import { Resolution, nothingLeaked } from './resolution';

/**
 * L1 — the profile lookup, as a 2012 resolver did it: ask the directory about a username and
 * read the address fields of the answer.
 */
export async function resolveUser(attacker: Attacker, username: string): Promise<Resolution> {
  try {
    const profile = await attacker.client.lookup(username);
    const observed = profile.lastSeenAddress ?? null;
    const local = profile.localAddresses ?? [];
    return {
      username,
      leaked: !!observed || local.length > 0,
      publicAddress: simulatedAddress(observed),
      observedAddress: observed,
      port: profile.lastSeenPort ?? null,
      localAddresses: local,
      observedAt: profile.lastSeenAt,
      answer: profile.online ? 'found (online)' : 'found (offline)',
    };
  } catch (error) {
    // A refusal is an answer; a server fault is not "blocked", it is a failure to report.
    if (error instanceof DirectoryError && error.status < 500) return nothingLeaked(username, error.code);
    throw error;
  }
}
