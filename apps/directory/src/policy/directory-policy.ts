import type { PresenceEvent, ProfileView } from '@lab/protocol';
import type { MitigationId } from '../mitigations/mitigation';

/** How the viewer relates to the user they ask about. `contact` means an accepted, mutual contact. */
export type Relation = 'self' | 'contact' | 'stranger';

/** The last-seen public endpoint: what the server really saw on the user's socket. */
export interface Endpoint {
  address: string;
  port: number | null;
}

/** Everything the directory knows about a user's presence, before any policy decides who sees what. */
export interface PresenceRecord {
  username: string;
  displayName: string;
  online: boolean;
  lastSeenAt: string | null;
  endpoint: Endpoint | null;
  localAddresses: string[];
}

/** M4: which calls go through the relay. `strangers`: all but those between mutual contacts. */
export type RelayCalls = 'never' | 'strangers' | 'always';

/** Whether a call between two users who stand in `relation` to each other is relayed. */
export function isRelayed(relayCalls: RelayCalls, relation: Relation): boolean {
  return relayCalls === 'always' || (relayCalls === 'strangers' && relation !== 'contact');
}

export interface RateLimit {
  /** Requests allowed per window, counted per account and (separately) per source address. */
  perAccount: number;
  perAddress: number;
  windowMs: number;
}

/**
 * Every decision the directory makes about disclosing an address or an account's existence,
 * in one interface. `vulnerable.policy.ts` answers each one the leaky way; each file in
 * `mitigations/` replaces some answers. The services only ever ask the policy.
 */
export interface DirectoryPolicy {
  readonly mitigations: readonly MitigationId[];

  /** L1: what a profile lookup returns. `undefined` means: answer exactly as for a missing user. */
  profileFor(record: PresenceRecord, relation: Relation): ProfileView | undefined;

  /** L2: may this viewer subscribe to (and keep receiving) this user's presence? */
  presenceVisibleTo(relation: Relation): boolean;

  /** L2: the frame a subscriber receives when the user's presence changes. */
  presenceEvent(record: PresenceRecord): PresenceEvent;

  /** L3: forward call candidates as they arrive (`false`), or hold them until the callee's user accepts. */
  readonly holdCandidatesUntilAccepted: boolean;
  /**
   * L3 after accept, and peer-to-peer exposure: which calls go through the relay. A relayed call's
   * parties get only a relay candidate each; their own candidates are never forwarded.
   */
  readonly relayCalls: RelayCalls;

  /** L4: do missing accounts answer exactly like existing ones, in login, contact requests and calls? */
  readonly uniformAnswers: boolean;
  /** L4: limits on lookups per account and per source address; `null` means none. */
  readonly rateLimit: RateLimit | null;

  /** L5: keep every address a user ever connected from (the `address_history` table)? */
  readonly keepAddressHistory: boolean;
  /** L5: keep (and persist) the last-seen address after the user goes offline? */
  readonly keepLastSeenAddress: boolean;
  /** L5: log paths to censor; the vulnerable directory logs addresses in clear. */
  readonly logRedactions: readonly string[];
}
