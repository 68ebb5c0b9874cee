import { Inject, Injectable } from '@nestjs/common';
import type Database from 'better-sqlite3';
import {
  Account,
  AccountsRepository,
  AddressHistoryEntry,
  AddressHistoryRepository,
  ContactRow,
  ContactsRepository,
  LastSeen,
  Session,
  SessionsRepository,
  UsernameTakenError,
} from '../repositories';

export const SQLITE = Symbol('SQLITE');

interface AccountRow {
  id: number;
  username: string;
  display_name: string;
  password_hash: string;
  created_at: string;
  email: string | null;
  discoverable_by_email: number;
}

const toAccount = (row: AccountRow | undefined): Account | undefined =>
  row && {
    id: row.id,
    username: row.username,
    displayName: row.display_name,
    passwordHash: row.password_hash,
    createdAt: row.created_at,
    email: row.email,
    discoverableByEmail: row.discoverable_by_email === 1,
  };

// Statements are prepared once per repository: lookups are on the directory's hot path.

/** How many usernames the accounts cache keeps before it starts again (a sweep must not grow it). */
export const ACCOUNTS_CACHE_SIZE = 100_000;

@Injectable()
export class SqliteAccountsRepository extends AccountsRepository {
  private readonly insert;
  private readonly byUsername;
  private readonly byId;
  private readonly byEmail;
  private readonly updateLastSeen;
  private readonly lastSeen;
  /**
   * An account never changes once created (no rename, no deletion), so every lookup, call and
   * contact request need not read its row again. Missing usernames are cached too: an existing
   * user and a missing one keep costing the same work (M2, M5), whichever was asked before.
   */
  private readonly byUsernameCache = new Map<string, Account | null>();

  constructor(@Inject(SQLITE) private readonly db: Database.Database) {
    super();
    this.insert = db.prepare(
      'INSERT INTO accounts (username, display_name, password_hash, created_at, email, discoverable_by_email) VALUES (?, ?, ?, ?, ?, ?)',
    );
    this.byEmail = db.prepare<[string], AccountRow>(
      'SELECT * FROM accounts WHERE email = ? COLLATE NOCASE ORDER BY id LIMIT 1',
    );
    this.byUsername = db.prepare<[string], AccountRow>('SELECT * FROM accounts WHERE username = ?');
    this.byId = db.prepare<[number], AccountRow>('SELECT * FROM accounts WHERE id = ?');
    this.updateLastSeen = db.prepare(
      'UPDATE accounts SET last_seen_at = ?, last_seen_address = ?, last_seen_port = ?, last_local_addresses = ? WHERE id = ?',
    );
    this.lastSeen = db.prepare<
      [number],
      {
        last_seen_at: string | null;
        last_seen_address: string | null;
        last_seen_port: number | null;
        last_local_addresses: string | null;
      }
    >(
      'SELECT last_seen_at, last_seen_address, last_seen_port, last_local_addresses FROM accounts WHERE id = ?',
    );
  }

  async create(input: Omit<Account, 'id'>): Promise<Account> {
    try {
      const result = this.insert.run(
        input.username,
        input.displayName,
        input.passwordHash,
        input.createdAt,
        input.email ?? null,
        input.discoverableByEmail ? 1 : 0,
      );
      const account = { id: Number(result.lastInsertRowid), ...input };
      this.remember(input.username, account);
      return { ...account };
    } catch (error) {
      if ((error as { code?: string }).code === 'SQLITE_CONSTRAINT_UNIQUE')
        throw new UsernameTakenError(input.username);
      throw error;
    }
  }

  async findByUsername(username: string): Promise<Account | undefined> {
    let account = this.byUsernameCache.get(username);
    if (account === undefined) {
      account = toAccount(this.byUsername.get(username)) ?? null;
      this.remember(username, account);
    }
    return account ? { ...account } : undefined;
  }

  private remember(username: string, account: Account | null) {
    if (this.byUsernameCache.size >= ACCOUNTS_CACHE_SIZE) this.byUsernameCache.clear();
    this.byUsernameCache.set(username, account);
  }

  async findByEmail(email: string) {
    return toAccount(this.byEmail.get(email));
  }

  async findById(id: number) {
    return toAccount(this.byId.get(id));
  }

  async saveLastSeen(entries: readonly LastSeen[]): Promise<void> {
    this.db.transaction(() => {
      for (const e of entries) {
        this.updateLastSeen.run(e.at, e.address, e.port, JSON.stringify(e.localAddresses), e.accountId);
      }
    })();
  }

  async findLastSeen(accountId: number): Promise<LastSeen | undefined> {
    const row = this.lastSeen.get(accountId);
    if (!row?.last_seen_at) return undefined;
    return {
      accountId,
      at: row.last_seen_at,
      address: row.last_seen_address,
      port: row.last_seen_port,
      localAddresses: row.last_local_addresses ? (JSON.parse(row.last_local_addresses) as string[]) : [],
    };
  }

  async eraseLastSeenAddresses(): Promise<void> {
    this.db.exec(
      'UPDATE accounts SET last_seen_address = NULL, last_seen_port = NULL, last_local_addresses = NULL',
    );
  }
}

@Injectable()
export class SqliteSessionsRepository extends SessionsRepository {
  private readonly insert;
  private readonly byHash;
  private readonly remove;
  private readonly removeExpired;

  constructor(@Inject(SQLITE) db: Database.Database) {
    super();
    this.insert = db.prepare(
      'INSERT INTO sessions (token_hash, account_id, created_at, expires_at) VALUES (?, ?, ?, ?)',
    );
    this.byHash = db.prepare<
      [string],
      { token_hash: string; account_id: number; created_at: string; expires_at: string }
    >('SELECT * FROM sessions WHERE token_hash = ?');
    this.remove = db.prepare('DELETE FROM sessions WHERE token_hash = ?');
    this.removeExpired = db.prepare('DELETE FROM sessions WHERE expires_at <= ?');
  }

  async create(s: Session) {
    this.insert.run(s.tokenHash, s.accountId, s.createdAt, s.expiresAt);
  }

  async find(tokenHash: string): Promise<Session | undefined> {
    const row = this.byHash.get(tokenHash);
    return (
      row && {
        tokenHash: row.token_hash,
        accountId: row.account_id,
        createdAt: row.created_at,
        expiresAt: row.expires_at,
      }
    );
  }

  async delete(tokenHash: string) {
    this.remove.run(tokenHash);
  }

  async deleteExpired(now: string) {
    return this.removeExpired.run(now).changes;
  }
}

interface ContactDbRow {
  requester_id: number;
  addressee_id: number;
  state: 'pending' | 'accepted';
  created_at: string;
  updated_at: string;
}

const toContact = (row: ContactDbRow): ContactRow => ({
  requesterId: row.requester_id,
  addresseeId: row.addressee_id,
  state: row.state,
  createdAt: row.created_at,
  updatedAt: row.updated_at,
});

/** How many account pairs the contacts cache keeps before it starts again. */
export const CONTACTS_CACHE_SIZE = 100_000;

/** One key per pair of accounts, whichever of them asks. */
const pairKey = (a: number, b: number) => (a < b ? `${a}:${b}` : `${b}:${a}`);

@Injectable()
export class SqliteContactsRepository extends ContactsRepository {
  /**
   * The row between each pair asked about, or null: every lookup, presence delivery and call asks
   * it. Every change goes through this repository, which forgets the pair it changed, so the next
   * question reads the row again. A pair without a row is cached like one with a row: a missing
   * user, a stranger and a contact keep costing the same work (M2, M5).
   */
  private readonly betweenCache = new Map<string, ContactRow | null>();
  private readonly between_;
  private readonly insert;
  private readonly accept_;
  private readonly remove;
  private readonly list;

  constructor(@Inject(SQLITE) db: Database.Database) {
    super();
    this.between_ = db.prepare<[number, number, number, number], ContactDbRow>(
      'SELECT * FROM contacts WHERE (requester_id = ? AND addressee_id = ?) OR (requester_id = ? AND addressee_id = ?)',
    );
    this.insert = db.prepare(
      "INSERT INTO contacts (requester_id, addressee_id, state, created_at, updated_at) VALUES (?, ?, 'pending', ?, ?)",
    );
    this.accept_ = db.prepare(
      "UPDATE contacts SET state = 'accepted', updated_at = ? WHERE requester_id = ? AND addressee_id = ? AND state = 'pending'",
    );
    this.remove = db.prepare(
      'DELETE FROM contacts WHERE (requester_id = ? AND addressee_id = ?) OR (requester_id = ? AND addressee_id = ?)',
    );
    this.list = db.prepare<[number, number], ContactDbRow>(
      'SELECT * FROM contacts WHERE requester_id = ? OR addressee_id = ? ORDER BY created_at',
    );
  }

  async between(a: number, b: number) {
    const key = pairKey(a, b);
    let row = this.betweenCache.get(key);
    if (row === undefined) {
      const found = this.between_.get(a, b, b, a);
      row = found ? toContact(found) : null;
      if (this.betweenCache.size >= CONTACTS_CACHE_SIZE) this.betweenCache.clear();
      this.betweenCache.set(key, row);
    }
    return row ? { ...row } : undefined;
  }

  async createRequest(requesterId: number, addresseeId: number, at: string) {
    try {
      this.insert.run(requesterId, addresseeId, at, at);
    } finally {
      this.betweenCache.delete(pairKey(requesterId, addresseeId));
    }
  }

  async accept(requesterId: number, addresseeId: number, at: string) {
    try {
      this.accept_.run(at, requesterId, addresseeId);
    } finally {
      this.betweenCache.delete(pairKey(requesterId, addresseeId));
    }
  }

  async delete(a: number, b: number) {
    try {
      return this.remove.run(a, b, b, a).changes > 0;
    } finally {
      this.betweenCache.delete(pairKey(a, b));
    }
  }

  async listFor(accountId: number) {
    return this.list.all(accountId, accountId).map(toContact);
  }
}

@Injectable()
export class SqliteAddressHistoryRepository extends AddressHistoryRepository {
  private readonly insert;
  private readonly list;

  constructor(@Inject(SQLITE) private readonly db: Database.Database) {
    super();
    this.insert = db.prepare(
      'INSERT INTO address_history (account_id, address, port, local_addresses, seen_at) VALUES (?, ?, ?, ?, ?)',
    );
    this.list = db.prepare<
      [number],
      { account_id: number; address: string; port: number | null; local_addresses: string; seen_at: string }
    >('SELECT * FROM address_history WHERE account_id = ? ORDER BY seen_at');
  }

  async append(entries: readonly AddressHistoryEntry[]) {
    this.db.transaction(() => {
      for (const e of entries)
        this.insert.run(e.accountId, e.address, e.port, JSON.stringify(e.localAddresses), e.seenAt);
    })();
  }

  async listFor(accountId: number) {
    return this.list.all(accountId).map((r) => ({
      accountId: r.account_id,
      address: r.address,
      port: r.port,
      localAddresses: JSON.parse(r.local_addresses) as string[],
      seenAt: r.seen_at,
    }));
  }

  async eraseAll() {
    this.db.exec('DELETE FROM address_history');
  }

  async overwriteDeletedContent() {
    // Deleted rows are overwritten, not left in free pages where a copy of the file would keep them.
    this.db.pragma('secure_delete = ON');
  }
}
