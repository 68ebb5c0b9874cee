import type { DirectoryPolicy } from '../policy/directory-policy';

/** The leak channels of DESIGN.md, as the lab names them. */
export type LeakId = 'L1' | 'L2' | 'L3' | 'L4' | 'L5';
export type MitigationId = 'M1' | 'M2' | 'M3' | 'M4' | 'M5' | 'M6';

/** The hooks of the policy a mitigation may override (everything but the list of mitigations). */
export type PolicyHooks = Omit<DirectoryPolicy, 'mitigations'>;

/**
 * A mitigation is one file: what it stops, the real-world precedent, and the hooks of
 * `policy/vulnerable.policy.ts` it overrides — the whole fix. `overrides` is given the policy as
 * it was before this mitigation (the vulnerable one, with any earlier mitigations applied), so a
 * hook can refine the answer it replaces. Any subset can be switched on.
 */
export interface Mitigation {
  id: MitigationId;
  title: string;
  stops: LeakId[];
  precedent: string;
  overrides(previous: DirectoryPolicy): Partial<PolicyHooks>;
}
