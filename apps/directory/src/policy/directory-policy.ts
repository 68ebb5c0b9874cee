import type { PresenceEvent, ProfileView } from '@lab/protocol';
import type { MitigationId } from '../mitigations/mitigation';

/** How the viewer relates to the user they ask about. `contact` means an accepted, mutual contact. */
export type Relation = 'self' | 'contact' | 'stranger';

/** How the asker stands to the username a request names: a relation, or no such account at all. */
export type Standing = Relation | 'missing';

/** The last-seen public endpoint: what the server really saw on the user's socket. */
export interface Endpoint {
  address: string;
  port: number | null;
}

/** Where a user is, as far as the directory knows: the endpoint it saw and the LAN addresses reported. */
export interface Whereabouts {
  endpoint: Endpoint | null;
  localAddresses: string[];
}

/** Everything the directory knows about a user's presence, before any policy decides who sees what. */
export interface PresenceRecord extends Whereabouts {
  username: string;
  displayName: string;
  online: boolean;
  lastSeenAt: string | null;
}

/** One entry of the address history (the `address_history` table). */
export interface AddressSighting {
  accountId: number;
  address: string;
  port: number | null;
  localAddresses: string[];
  seenAt: string;
}

export type CallState = 'inviting' | 'ringing' | 'accepted';
/** Which party of a call sent something (see "Protocol profiles" at the end of this file). */
export type CallSide = 'caller' | 'callee';
/** A direct call exchanges the parties' own candidates; a relayed one (M4) only the relay's. */
export type CallRoute = 'direct' | 'relayed';
/** What the directory does with candidates a party sends: pass them on, keep them for later, or never. */
export type CandidateAction = 'forward' | 'hold' | 'drop';

/** What becomes of a `call.invite`. */
export type InviteAnswer =
  /** Create the call, tell the caller `call.created` and the callee `call.incoming`. */
  | { kind: 'ring' }
  /**
   * Tell the caller `call.created`, exactly as for a ringing call, and nothing to anyone else:
   * the callee never hears of it, and the call ends when the caller cancels it.
   */
  | { kind: 'swallow' }
  /** Refuse with this error code. */
  | { kind: 'refuse'; code: 'user_not_found' | 'callee_offline' | 'callee_unavailable' };

/** A listed contact or request, as the owner of the list sees it. */
export type ContactListState = 'accepted' | 'incoming' | 'outgoing';

/** The requests a rate limit may count: lookups of other users, and sign-ins (login, sign-up). */
export type RateLimitedAction = 'lookup' | 'sign-in';

export interface RateLimit {
  /** Requests allowed per window, counted per account (when there is one) and, separately, per source address. */
  perAccount: number;
  perAddress: number;
  windowMs: number;
}

/** What an earlier run of the directory may have left on disk, for a policy to clear at start. */
export interface StoredAddresses {
  /** From now on, content deleted from the database file is overwritten (SQLite `secure_delete`). */
  overwriteDeletedContent(): Promise<void>;
  eraseLastSeenAddresses(): Promise<void>;
  eraseAddressHistory(): Promise<void>;
}

/**
 * Every decision the directory makes about disclosing an address or an account's existence,
 * in one interface: the hooks the services call at each decision point. `vulnerable.policy.ts`
 * answers each one the leaky way; each file in `mitigations/` overrides the hooks it fixes, with
 * the whole fix in that file. The services never ask which mitigations are on: they ask the policy.
 */
export interface DirectoryPolicy {
  readonly mitigations: readonly MitigationId[];

  /**
   * L1, L2: may this viewer see this user at all — look the profile up, subscribe to the presence,
   * keep receiving it? A viewer who may not is answered exactly as for a missing user.
   */
  presenceVisibleTo(relation: Relation): boolean;

  /**
   * L4 (reverse lookup): may this searcher find the account by its e-mail address? `discoverable`
   * is the holder's own choice. A searcher who may not is answered exactly as for no match.
   */
  findableByEmail(target: { relation: Relation; discoverable: boolean }): boolean;

  /** L1: what a profile lookup returns to a viewer who may see the user. */
  profileFor(record: PresenceRecord, relation: Relation): ProfileView;

  /** L2: the frame a subscriber receives when the user's presence changes. */
  presenceEvent(record: PresenceRecord): PresenceEvent;

  /** L3, L4: what a `call.invite` becomes, for a callee who stands so to the caller and is (not) online. */
  inviteAnswer(callee: { standing: Standing; online: boolean }): InviteAnswer;

  /** L3 after accept, and peer-to-peer exposure: does a call between these two go through the relay? */
  callRoute(relation: Relation): CallRoute;

  /**
   * L3: what to do with the candidates a party sends, in this state of the call. `sender` says
   * whose they are (the services always say; see "Protocol profiles" at the end of this file).
   */
  candidatesIn(call: { state: CallState; route: CallRoute; sender?: CallSide }): CandidateAction;

  /**
   * L4: the answer to a login for an account that does not exist. `checkPassword` spends the
   * work of a real password check (against a dummy hash); a policy may call it or not.
   */
  loginToMissingAccount(checkPassword: () => Promise<void>): Promise<'unknown_user' | 'invalid_credentials'>;

  /** L4: the answer to a contact request to an account that does not exist. */
  contactRequestToMissing(): 'sent' | 'user_not_found';

  /** L4: the answer to removing a contact (or withdrawing a request) that is not there. */
  removeMissingContact(): 'removed' | 'contact_not_found';

  /** L4: is this entry shown in its owner's contact list? */
  listsContact(state: ContactListState): boolean;

  /** L4: the rate limit on this kind of request; `null` means none. */
  rateLimitFor(action: RateLimitedAction): RateLimit | null;

  /** L5: what of a user's whereabouts is kept once they go offline, in memory and on disk. */
  keptAfterOffline(whereabouts: Whereabouts): Whereabouts;

  /** L5: what goes into the address history when a user is seen; `null` means nothing. */
  historyEntry(sighting: AddressSighting): AddressSighting | null;

  /** L5: at start, what to do with what an earlier run left on disk. */
  atStart(stored: StoredAddresses): Promise<void>;

  /** L5: the log paths to censor; the vulnerable directory logs addresses in clear. */
  readonly logRedactions: readonly string[];
}

// Protocol profiles (../protocol-profiles): the decisions a profile needs that no mitigation did.
// - `candidatesIn` is told whose candidates they are (`sender`): a Jingle session-initiate or a SIP
//   INVITE carries the *caller's* addresses to the callee before anyone answers, while the callee's
//   go only at accept (XMPP) or with the ringing answer (SIP).
// - When a call starts ringing, the calls service asks `candidatesIn` again about what it holds,
//   and forwards what the policy now forwards: a provisional SIP answer carries the callee's contact.
