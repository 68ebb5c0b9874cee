import { ALL_MITIGATIONS, RelayMode, relayCallsMitigation } from '../mitigations';
import type { Mitigation, MitigationId, PolicyHooks } from '../mitigations/mitigation';
import type { DirectoryPolicy } from './directory-policy';
import { vulnerablePolicy } from './vulnerable.policy';

/** Choices within a mitigation; today only M4's: relay calls from strangers (default) or always. */
export interface PolicySettings {
  relayCalls?: RelayMode;
}

/** The vulnerable policy with the chosen mitigations' hooks laid over it, always in the order M1…M6. */
export function composePolicy(
  enabled: Iterable<MitigationId>,
  settings: PolicySettings = {},
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
      vulnerablePolicy,
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
  const composed = composePolicy(options.mitigations, { relayCalls: options.relay?.calls });
  if (!options.policyOverride) return composed;
  return { ...composed, ...options.policyOverride(composed), mitigations: composed.mitigations };
}
