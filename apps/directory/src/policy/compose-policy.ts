import { ALL_MITIGATIONS } from '../mitigations';
import type { MitigationId } from '../mitigations/mitigation';
import type { DirectoryPolicy } from './directory-policy';
import { vulnerablePolicy } from './vulnerable.policy';

/** The vulnerable policy with the chosen mitigations applied, always in the order M1…M6. */
export function composePolicy(enabled: Iterable<MitigationId>): DirectoryPolicy {
  const wanted = new Set(enabled);
  return ALL_MITIGATIONS.filter((m) => wanted.has(m.id)).reduce<DirectoryPolicy>(
    (policy, mitigation) => ({
      ...mitigation.apply(policy),
      mitigations: [...policy.mitigations, mitigation.id],
    }),
    vulnerablePolicy,
  );
}
