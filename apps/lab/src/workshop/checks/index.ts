import type { CheckKind } from '../exercise.schema';
import {
  currentAddressCheck,
  fixedRerunCheck,
  homeWorkCheck,
  lanAddressCheck,
  rdapCheck,
} from './address-checks';
import type { ExerciseCheck } from './check-context';
import {
  leaseHouseholdCheck,
  matrixCellsCheck,
  silentProbeCheck,
  writtenMitigationCheck,
} from './event-checks';
import { lastHopCheck } from './last-hop-check';
import { profileCellsCheck } from './profile-check';
import { accountCreatedCheck, existingNamesCheck, signupOracleCheck } from './name-checks';

export * from './check-context';

/** Every kind of check an exercise file may name (`check.kind`), and the code that decides it. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- each check keeps its own case type; the engine stores cases as JSON
export const CHECKS: Record<CheckKind, ExerciseCheck<any>> = {
  'account-created': accountCreatedCheck,
  'current-address': currentAddressCheck,
  rdap: rdapCheck,
  'lan-address': lanAddressCheck,
  'silent-probe': silentProbeCheck,
  'home-work': homeWorkCheck,
  'existing-names': existingNamesCheck,
  'fixed-rerun': fixedRerunCheck,
  'matrix-cells': matrixCellsCheck,
  'lease-household': leaseHouseholdCheck,
  'signup-oracle': signupOracleCheck,
  'written-mitigation': writtenMitigationCheck,
  'last-hop': lastHopCheck,
  'profile-cells': profileCellsCheck,
};
