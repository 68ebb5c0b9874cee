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
} from '../persistence/repositories';

/**
 * The directory's storage ports in memory, for unit specs of the services. Every call is written
 * to a shared log (`accounts.findByUsername`, `contacts.between`, …), so a spec can compare the
 * work two paths do by the queries they run.
 */
export class RepositoryCallLog {
  readonly calls: string[] = [];

  record(name: string) {
    this.calls.push(name);
  }

  /** The calls made while `action` ran. */
  async during(action: () => Promise<unknown>): Promise<string[]> {
    const start = this.calls.length;
    await action();
    return this.calls.slice(start);
  }
}

export class InMemoryAccountsRepository extends AccountsRepository {
  private readonly accounts: Account[] = [];
  private readonly lastSeen = new Map<number, LastSeen>();

  constructor(private readonly log = new RepositoryCallLog()) {
    super();
  }

  async create(input: Omit<Account, 'id'>): Promise<Account> {
    this.log.record('accounts.create');
    if (this.accounts.some((a) => a.username === input.username)) throw new UsernameTakenError();
    const account = { ...input, id: this.accounts.length + 1 };
    this.accounts.push(account);
    return account;
  }

  async findByUsername(username: string) {
    this.log.record('accounts.findByUsername');
    return this.accounts.find((a) => a.username === username);
  }

  async findByEmail(email: string) {
    this.log.record('accounts.findByEmail');
    return this.accounts.find((a) => a.email?.toLowerCase() === email.toLowerCase());
  }

  async findById(id: number) {
    this.log.record('accounts.findById');
    return this.accounts.find((a) => a.id === id);
  }

  async saveLastSeen(entries: readonly LastSeen[]) {
    this.log.record('accounts.saveLastSeen');
    for (const entry of entries) this.lastSeen.set(entry.accountId, { ...entry });
  }

  async findLastSeen(accountId: number) {
    this.log.record('accounts.findLastSeen');
    return this.lastSeen.get(accountId);
  }

  async eraseLastSeenAddresses() {
    this.log.record('accounts.eraseLastSeenAddresses');
    for (const entry of this.lastSeen.values())
      Object.assign(entry, { address: null, port: null, localAddresses: [] });
  }

  /** What is stored, for assertions. */
  stored(accountId: number) {
    return this.lastSeen.get(accountId);
  }
}

export class InMemorySessionsRepository extends SessionsRepository {
  private readonly sessions = new Map<string, Session>();

  constructor(private readonly log = new RepositoryCallLog()) {
    super();
  }

  async create(session: Session) {
    this.log.record('sessions.create');
    this.sessions.set(session.tokenHash, session);
  }

  async find(tokenHash: string) {
    this.log.record('sessions.find');
    return this.sessions.get(tokenHash);
  }

  async delete(tokenHash: string) {
    this.log.record('sessions.delete');
    this.sessions.delete(tokenHash);
  }

  async deleteExpired(now: string) {
    this.log.record('sessions.deleteExpired');
    let count = 0;
    for (const [hash, session] of this.sessions)
      if (session.expiresAt <= now) count += Number(this.sessions.delete(hash));
    return count;
  }
}

export class InMemoryContactsRepository extends ContactsRepository {
  private rows: ContactRow[] = [];

  constructor(private readonly log = new RepositoryCallLog()) {
    super();
  }

  async between(a: number, b: number) {
    this.log.record('contacts.between');
    return this.find(a, b);
  }

  async createRequest(requesterId: number, addresseeId: number, at: string) {
    this.log.record('contacts.createRequest');
    if (this.find(requesterId, addresseeId)) return;
    this.rows.push({ requesterId, addresseeId, state: 'pending', createdAt: at, updatedAt: at });
  }

  async accept(requesterId: number, addresseeId: number, at: string) {
    this.log.record('contacts.accept');
    const row = this.rows.find((r) => r.requesterId === requesterId && r.addresseeId === addresseeId);
    if (row) Object.assign(row, { state: 'accepted', updatedAt: at });
  }

  async delete(a: number, b: number) {
    this.log.record('contacts.delete');
    const before = this.rows.length;
    this.rows = this.rows.filter((r) => r !== this.find(a, b));
    return this.rows.length < before;
  }

  async listFor(accountId: number) {
    this.log.record('contacts.listFor');
    return this.rows.filter((r) => r.requesterId === accountId || r.addresseeId === accountId);
  }

  private find(a: number, b: number) {
    return this.rows.find(
      (r) => (r.requesterId === a && r.addresseeId === b) || (r.requesterId === b && r.addresseeId === a),
    );
  }
}

export class InMemoryAddressHistoryRepository extends AddressHistoryRepository {
  private entries: AddressHistoryEntry[] = [];
  overwritesDeletedContent = false;

  constructor(private readonly log = new RepositoryCallLog()) {
    super();
  }

  async append(entries: readonly AddressHistoryEntry[]) {
    this.log.record('history.append');
    this.entries.push(...entries);
  }

  async listFor(accountId: number) {
    this.log.record('history.listFor');
    return this.entries.filter((e) => e.accountId === accountId);
  }

  async eraseAll() {
    this.log.record('history.eraseAll');
    this.entries = [];
  }

  async overwriteDeletedContent() {
    this.log.record('history.overwriteDeletedContent');
    this.overwritesDeletedContent = true;
  }
}
