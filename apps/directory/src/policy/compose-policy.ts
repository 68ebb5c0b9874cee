import { ALL_MITIGATIONS, RelayMode, relayCallsMitigation } from '../mitigations';
import type { Mitigation, MitigationId, PolicyHooks } from '../mitigations/mitigation';
import type { DirectoryPolicy } from './directory-policy';
import { vulnerablePolicy } from './vulnerable.policy';

/** Choices within a mitigation; today only M4's: relay calls from strangers (default) or always. */
export interface PolicySettings {
  relayCalls?: RelayMode;
}

/**
 * The vulnerable policy with the chosen mitigations' hooks laid over it, always in the order M1…M6.
 * A protocol profile (../protocol-profiles) passes its own `base`: the vulnerable policy with the
 * profile's behaviour laid over it first.
 */
export function composePolicy(
  enabled: Iterable<MitigationId>,
  settings: PolicySettings = {},
  base: DirectoryPolicy = vulnerablePolicy,
): DirectoryPolicy {
  const wanted = new Set(enabled);
  const configured = (m: Mitigation) =>
    m.id === 'M4' && settings.relayCalls ? relayCallsMitigation(settings.relayCalls) : m;
  return ALL_MITIGATIONS.filter((m) => wanted.has(m.id))
    .map(configured)
    .reduce<DirectoryPolicy>(
      (policy, mitigation) => ({
        ...policy,
        ...mitigation.overrides(policy),
        mitigations: [...policy.mitigations, mitigation.id],
      }),
      base,
    );
}

/**
 * Hooks laid over a composed policy by code outside the directory: the workshop's "write a
 * mitigation yourself" check (apps/lab/src/workshop/write-a-mitigation) runs a participant's policy
 * this way. `previous` is the policy it lands on, as for a mitigation.
 */
export type PolicyOverride = (previous: DirectoryPolicy) => Partial<PolicyHooks>;

/**
 * The policy a directory instance runs: its mitigations, then its override if it has one. The
 * override cannot change the list of mitigations the banner reports.
 */
export function instancePolicy(options: {
  mitigations: Iterable<MitigationId>;
  relay?: { calls?: RelayMode };
  policyOverride?: PolicyOverride;
}): DirectoryPolicy {
  return withOverride(
    composePolicy(options.mitigations, { relayCalls: options.relay?.calls }),
    options.policyOverride,
  );
}

/** `override`'s hooks laid over `policy`, last; the mitigation list stays the one that really runs. */
export function withOverride(policy: DirectoryPolicy, override?: PolicyOverride): DirectoryPolicy {
  if (!override) return policy;
  return { ...policy, ...override(policy), mitigations: policy.mitigations };
}
