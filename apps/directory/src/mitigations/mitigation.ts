import type { DirectoryPolicy } from '../policy/directory-policy';

/** The leak channels of DESIGN.md, as the lab names them. */
export type LeakId = 'L1' | 'L2' | 'L3' | 'L4' | 'L5';
export type MitigationId = 'M1' | 'M2' | 'M3' | 'M4' | 'M5' | 'M6';

/**
 * A mitigation is one file: what it stops, the real-world precedent, and a function that takes
 * the directory's policy and returns it with the fix applied. Any subset can be switched on.
 */
export interface Mitigation {
  id: MitigationId;
  title: string;
  stops: LeakId[];
  precedent: string;
  apply(policy: DirectoryPolicy): DirectoryPolicy;
}
