import { ConfigError } from '@lab/http-kit';
import { composePolicy, instancePolicy, withOverride } from '../policy/compose-policy';
import type { DirectoryPolicy } from '../policy/directory-policy';
import { vulnerablePolicy } from '../policy/vulnerable.policy';
import type { ProtocolProfile } from './protocol-profile';
import { ALL_PROFILES } from './all-profiles';
import type { DirectoryOptions } from '../config/directory.config';

/**
 * A profile's policy: the vulnerable one, the profile's own behaviour over it, then its mitigations
 * in the usual order — so where the profile relays a call (M4), M4 drops the candidates whatever
 * the profile's behaviour would have done with them.
 */
export function profilePolicy(profile: ProtocolProfile): DirectoryPolicy {
  const base = profile.behaviour
    ? { ...vulnerablePolicy, ...profile.behaviour(vulnerablePolicy) }
    : vulnerablePolicy;
  return composePolicy(profile.mitigations, { relayCalls: profile.relayCalls }, base);
}

/**
 * The policy a directory runs: its profile's, or the vulnerable one with its mitigations; then the
 * workshop check's override, if the check started this directory.
 */
export function directoryPolicy(
  options: Pick<DirectoryOptions, 'profile' | 'mitigations' | 'relay' | 'policyOverride'>,
) {
  const profile = options.profile === undefined ? undefined : resolved(options.profile);
  return profile ? withOverride(profilePolicy(profile), options.policyOverride) : instancePolicy(options);
}

function resolved(name: string): ProtocolProfile {
  const profile = ALL_PROFILES.find((p) => p.name === name);
  if (!profile) {
    throw new ConfigError(
      'DIRECTORY_PROFILE',
      `"${name}" is not a profile; use one of ${ALL_PROFILES.map((p) => p.name).join(', ')}`,
    );
  }
  return profile;
}

/**
 * Directory options naming a profile get the profile's mitigations and relay mode: the profile
 * decides them, so the relay check and the banner see what really runs. Options without one are
 * returned as they are.
 */
export function resolveProfile<T extends Pick<DirectoryOptions, 'profile' | 'mitigations' | 'relay'>>(
  options: T,
): T {
  if (options.profile === undefined) return options;
  const profile = resolved(options.profile);
  return {
    ...options,
    mitigations: [...profile.mitigations],
    relay: options.relay && { ...options.relay, calls: profile.relayCalls },
  };
}
