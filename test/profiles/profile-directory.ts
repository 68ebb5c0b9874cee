import { findProfile } from '@lab/directory';
import { startTestDirectory } from '../support/lab-harness';

/** A test directory running a protocol profile, with a relay of its own when the profile relays calls. */
export function startProfileDirectory(name: string) {
  const profile = findProfile(name);
  if (!profile) throw new Error(`no profile ${name}`);
  return startTestDirectory(profile.mitigations, { profile: name, relayCalls: profile.relayCalls });
}
