import { ALL_MITIGATIONS, RelayMode, relayCallsMitigation } from '../mitigations';
import type { Mitigation, MitigationId } from '../mitigations/mitigation';
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
