/** Shapes of the directory's REST API (see docs/protocol.md and /docs for the OpenAPI view). */

export interface RegisterRequest {
  username: string;
  password: string;
  displayName?: string;
  /** Optional; others can search for the account by it (`GET /users?email=`). */
  email?: string;
  /** The account holder's choice to be found by e-mail by strangers (what M2 honours). */
  discoverableByEmail?: boolean;
}

/** What `GET /users?email=` answers when the directory finds (and shows) the account. */
export interface EmailSearchResult {
  username: string;
  displayName: string;
}

export interface AccountView {
  username: string;
  displayName: string;
  createdAt: string;
}

export interface LoginRequest {
  username: string;
  password: string;
}

export interface SessionView {
  token: string;
  username: string;
  expiresAt: string;
}

/**
 * What a profile lookup returns. The address fields are the L1 leak: present in the vulnerable
 * directory, absent (not null: absent) once M1 is on.
 */
export interface ProfileView {
  username: string;
  displayName: string;
  online: boolean;
  lastSeenAt: string | null;
  /** L1: the public address the user's client last connected from, as the server saw it. */
  lastSeenAddress?: string | null;
  lastSeenPort?: number | null;
  /** L1: the LAN addresses the user's client reported about itself. */
  localAddresses?: string[];
}

export type ContactState = 'accepted' | 'outgoing' | 'incoming';

export interface ContactView {
  username: string;
  state: ContactState;
  since: string;
}

export interface ContactListView {
  contacts: ContactView[];
}

export interface ContactRequestBody {
  username: string;
}

/** What a contact request answers; with M5 it is the same whether or not the user exists. */
export interface ContactRequestAccepted {
  status: 'sent';
}
