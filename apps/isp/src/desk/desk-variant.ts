import type { AddressPlan } from '@lab/address-plan';
import type { DeskPolicy } from './desk-policy';
import type { DeskVariant } from './desk.types';
import { fixedDesk } from './fixed-desk.policy';
import { vulnerableDesk } from './vulnerable-desk.policy';

/** The desk an ISP instance runs: the only place that looks at the variant's name. */
export function deskPolicyFor(variant: DeskVariant, plan: AddressPlan): DeskPolicy {
  return variant === 'fixed'
    ? fixedDesk('GET /isps/{ispId}/leases with "Authorization: Lawful-Request <token>"')
    : vulnerableDesk((address) => plan.display(address));
}
