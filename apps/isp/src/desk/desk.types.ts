import type { Household } from '@lab/address-plan';

/**
 * The ISPs' support desks: the last hop from an address to a front door. A caller asks about the
 * customer behind an address at a time; the desk is a small state machine of intents, and what
 * it says at each step is its policy's decision (vulnerable-desk.policy.ts, fixed-desk.policy.ts).
 */

/** Who the caller says they are. The desk cannot see them; it hears a claim. */
export const CLAIMS = ['subscriber', 'technician', 'family', 'police'] as const;
export type Claim = (typeof CLAIMS)[number];

/** What the caller does in a turn. */
export const INTENTS = ['verify', 'guess', 'details', 'emergency', 'hang-up'] as const;
export type Intent = (typeof INTENTS)[number];

/** `open`: nobody verified; `awaiting-code`: a one-time code went to the subscriber on file. */
export type CallState = 'open' | 'awaiting-code' | 'verified' | 'ended';

/** Which desk an ISP instance runs: chosen per instance, as a directory's mitigations are. */
export const DESK_VARIANTS = ['vulnerable', 'fixed'] as const;
export type DeskVariant = (typeof DESK_VARIANTS)[number];

/** A classic failure of the vulnerable desk, by the name the docs use (docs/mitigations.md). */
export interface Pretext {
  id: 'P1' | 'P2' | 'P3' | 'P4';
  name: string;
}

/** A fix of the fixed desk. */
export interface DeskFix {
  id: 'D1' | 'D2' | 'D3';
  name: string;
}

/** Facts a caller offers to prove who they are: what an attacker learned from the leak and RDAP. */
export interface OfferedFacts {
  address?: string;
  connectedAt?: string;
  city?: string;
}

/** What the desk's records say about the line the call is about (absent: no household on it). */
export interface LineOnFile {
  address: string;
  household: Household;
  /** The city the registry gives for the line's block, if any. */
  registryCity: string | null;
}

/** One decision of the desk's policy: what to say, whether to read the record out, and why. */
export interface DeskDecision {
  say: string;
  disclose: boolean;
  /** The pretext that just worked (vulnerable desk). */
  failure?: Pretext;
  /** The fix that just stopped the caller (fixed desk). */
  stoppedBy?: DeskFix;
}

/** What a caller hears after each turn. */
export interface DeskAnswer {
  callId: string;
  ispId: string;
  address: string;
  claim: Claim;
  state: CallState;
  say: string;
  /** The household on file, when the desk read it out; otherwise null. */
  disclosed: Household | null;
  /** For a guess: true or false when the desk confirmed or denied it, null when it did neither. */
  confirmed?: boolean | null;
  failure?: Pretext;
  stoppedBy?: DeskFix;
}
