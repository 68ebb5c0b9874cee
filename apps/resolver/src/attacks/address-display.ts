import { loadPlan } from '@lab/address-plan';
import { OUTSIDE_LAB } from '@lab/sandbox';

let plan: ReturnType<typeof loadPlan> | undefined;

/**
 * Shows an observed address the way the lab shows it: the loopback mirror 127.51.100.10 as the
 * simulated 198.51.100.10. The mirror table is the lab's public layout; no persona data is used.
 */
export function simulatedAddress(observed: string | null | undefined): string | null {
  if (!observed || observed === OUTSIDE_LAB) return observed ?? null;
  plan ??= loadPlan();
  return plan.display(observed);
}
