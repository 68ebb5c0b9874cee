/**
 * The directory's storage ports. Services depend on these abstract classes only; the persistence
 * module binds them to the SQLite implementations (a later database swap touches nothing else).
 */

export interface Account {
  id: number;
  username: string;
  displayName: string;
  passwordHash: string;
  createdAt: string;
  /** Optional; what the e-mail search (`GET /users?email=`) matches. */
  email?: string | null;
  /** The holder's choice to be found by e-mail by strangers; false unless they opted in. */
  discoverableByEmail?: boolean;
}

/** The last place a user was seen, as kept across restarts by the vulnerable directory (L5). */
export interface LastSeen {
  accountId: number;
  at: string;
  address: string | null;
  port: number | null;
  localAddresses: string[];
}

export interface Session {
  tokenHash: string;
  accountId: number;
  createdAt: string;
  expiresAt: string;
}

export type ContactRowState = 'pending' | 'accepted';

export interface ContactRow {
  requesterId: number;
  addresseeId: number;
  state: ContactRowState;
  createdAt: string;
  updatedAt: string;
}

export class UsernameTakenError extends Error {}

export abstract class AccountsRepository {
  /** @throws UsernameTakenError */
  abstract create(input: Omit<Account, 'id'>): Promise<Account>;
  abstract findByUsername(username: string): Promise<Account | undefined>;
  abstract findById(id: number): Promise<Account | undefined>;
  /** The account registered with this e-mail address (compared without regard to case). */
  abstract findByEmail(email: string): Promise<Account | undefined>;
  abstract saveLastSeen(entries: readonly LastSeen[]): Promise<void>;
  abstract findLastSeen(accountId: number): Promise<LastSeen | undefined>;
  /** Forget every stored last-seen address (time stays): what M6 does at start. */
  abstract eraseLastSeenAddresses(): Promise<void>;
}

export abstract class SessionsRepository {
  abstract create(session: Session): Promise<void>;
  abstract find(tokenHash: string): Promise<Session | undefined>;
  abstract delete(tokenHash: string): Promise<void>;
  abstract deleteExpired(now: string): Promise<number>;
}

export abstract class ContactsRepository {
  /** The row between two accounts, whichever of them asked. */
  abstract between(a: number, b: number): Promise<ContactRow | undefined>;
  abstract createRequest(requesterId: number, addresseeId: number, at: string): Promise<void>;
  abstract accept(requesterId: number, addresseeId: number, at: string): Promise<void>;
  abstract delete(a: number, b: number): Promise<boolean>;
  abstract listFor(accountId: number): Promise<ContactRow[]>;
}

export interface AddressHistoryEntry {
  accountId: number;
  address: string;
  port: number | null;
  localAddresses: string[];
  seenAt: string;
}

/** L5: every address a user ever connected from. Only the vulnerable directory writes here. */
export abstract class AddressHistoryRepository {
  abstract append(entries: readonly AddressHistoryEntry[]): Promise<void>;
  abstract listFor(accountId: number): Promise<AddressHistoryEntry[]>;
  /** Forget the whole history: what M6 does at start. */
  abstract eraseAll(): Promise<void>;
  /** From now on, overwrite what is deleted instead of leaving it in the file's free space (M6). */
  abstract overwriteDeletedContent(): Promise<void>;
}
