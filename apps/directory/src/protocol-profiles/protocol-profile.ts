import type { Mitigation, MitigationId, PolicyHooks } from '../mitigations/mitigation';
import type { RelayMode } from '../mitigations/m4-relay-calls';
import type { DirectoryPolicy } from '../policy/directory-policy';

/**
 * The channels through which a stranger (or a contact) may learn where a user is, as the profile
 * table of docs/profiles.md names them. Each is measured by one of the resolver's attacks.
 */
export const PROFILE_CHANNELS = [
  'lookup',
  'presence',
  'callee-before-answer',
  'caller-before-answer',
  'answered-call',
  'enumeration',
  'retention',
] as const;
export type ProfileChannel = (typeof PROFILE_CHANNELS)[number];

/**
 * A protocol profile: a named directory configuration that behaves, at the protocol level, like
 * one real system — built only from policy hooks. Its mitigations are laid over the vulnerable
 * policy exactly as `DIRECTORY_MITIGATIONS` would lay them; `behaviour` adds the hooks of its own
 * (under the mitigations, so a mitigation the profile also runs has the last word). The services
 * never learn a profile's name: they ask the policy, as always.
 */
export interface ProtocolProfile {
  name: string;
  /** One line: the system and the setting modelled. */
  title: string;
  /** What the profile reproduces, with its sources cited (in square brackets, as docs/references.md says). */
  models: string;
  /** What the lab leaves out or makes simpler than the real system. */
  simplifies: string;
  /**
   * The channels whose behaviour no source establishes: the lab's model, with the reason. The docs
   * mark those cells "modelled, not established".
   */
  modelled: Partial<Record<ProfileChannel, string>>;
  mitigations: MitigationId[];
  /** M4's mode, when the profile relays calls. */
  relayCalls?: RelayMode;
  /** The profile's own hooks, over the vulnerable policy and under its mitigations. */
  behaviour?(previous: DirectoryPolicy): Partial<PolicyHooks>;
}

/** Some of a mitigation's hooks, for a profile that shares part of a fix (M2's presence, not its calls). */
export function hooksOf<K extends keyof PolicyHooks>(
  mitigation: Mitigation,
  previous: DirectoryPolicy,
  ...hooks: K[]
): Pick<PolicyHooks, K> {
  const all = mitigation.overrides(previous);
  return Object.fromEntries(hooks.map((hook) => [hook, all[hook]])) as Pick<PolicyHooks, K>;
}
