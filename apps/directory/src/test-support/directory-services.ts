import pino from 'pino';
import type { RelayAllocation, ServerMessage } from '@lab/protocol';
import { AccountsService, AuthenticatedAccount } from '../accounts/accounts.service';
import { CallsService } from '../calls/calls.service';
import { RelayAllocator } from '../calls/relay-allocator';
import { DEFAULT_DIRECTORY_OPTIONS, DirectoryOptions } from '../config/directory.config';
import { ContactsPresenceVisibility } from '../contacts/contacts-presence-visibility';
import { ContactsService } from '../contacts/contacts.service';
import { Relations } from '../contacts/relations';
import type { MitigationId } from '../mitigations/mitigation';
import { composePolicy } from '../policy/compose-policy';
import { LiveConnection, PresenceService } from '../presence/presence.service';
import { ProfilesService } from '../profiles/profiles.service';
import {
  InMemoryAccountsRepository,
  InMemoryAddressHistoryRepository,
  InMemoryContactsRepository,
  InMemorySessionsRepository,
  RepositoryCallLog,
} from './in-memory-repositories';

/** A user's live connection that keeps every frame the directory sent it. */
export class RecordingConnection implements LiveConnection {
  readonly frames: ServerMessage[] = [];
  closed?: { code: number; reason: string };

  send(message: ServerMessage) {
    this.frames.push(message);
  }

  close(code: number, reason: string) {
    this.closed = { code, reason };
  }

  events() {
    return this.frames.map((f) => f.event);
  }
}

/** A relay that hands out allocations without carrying anything: enough for the calls service. */
export class RecordingRelayAllocator extends RelayAllocator {
  readonly allocated: string[] = [];

  async allocate(callId: string): Promise<RelayAllocation> {
    this.allocated.push(callId);
    return {
      allocationId: `allocation-${this.allocated.length}`,
      relayAddress: '127.0.0.1',
      relayPort: 7005,
      tokens: { caller: 'a'.repeat(32), callee: 'b'.repeat(32) },
      expiresAt: new Date(Date.now() + 60_000).toISOString(),
    };
  }
}

export interface TestUser extends AuthenticatedAccount {
  connection?: RecordingConnection;
}

/**
 * The directory's services wired by hand to in-memory repositories, with the policy of the given
 * mitigations: what the Nest module does, without HTTP, WebSocket or SQLite.
 */
export class DirectoryServices {
  readonly log = new RepositoryCallLog();
  readonly accountsRepository = new InMemoryAccountsRepository(this.log);
  readonly sessionsRepository = new InMemorySessionsRepository(this.log);
  readonly contactsRepository = new InMemoryContactsRepository(this.log);
  readonly historyRepository = new InMemoryAddressHistoryRepository(this.log);
  readonly relay = new RecordingRelayAllocator();
  readonly policy;
  readonly options: DirectoryOptions;
  readonly accounts: AccountsService;
  readonly presence: PresenceService;
  readonly relations: Relations;
  readonly contacts: ContactsService;
  readonly calls: CallsService;
  readonly profiles: ProfilesService;

  constructor(mitigations: MitigationId[] = []) {
    this.policy = composePolicy(mitigations);
    this.options = {
      ...DEFAULT_DIRECTORY_OPTIONS,
      name: 'directory-unit',
      port: 0,
      mitigations,
      database: ':memory:',
      scryptCost: 16, // a unit spec checks the logic, not the password hashing's cost
    };
    const logger = pino({ level: 'silent' });
    this.accounts = new AccountsService(
      this.options,
      this.policy,
      this.accountsRepository,
      this.sessionsRepository,
    );
    this.relations = new Relations(this.contactsRepository);
    this.presence = new PresenceService(
      this.options,
      this.policy,
      logger,
      this.accountsRepository,
      this.historyRepository,
      new ContactsPresenceVisibility(this.policy, this.relations),
    );
    this.contacts = new ContactsService(this.policy, this.contactsRepository, this.accounts, this.presence);
    this.calls = new CallsService(
      this.policy,
      logger,
      this.accounts,
      this.presence,
      this.relations,
      this.relay,
    );
    this.profiles = new ProfilesService(this.policy, this.accounts, this.relations, this.presence);
  }

  async start() {
    await this.accounts.onApplicationBootstrap();
    await this.presence.onApplicationBootstrap();
    return this;
  }

  async stop() {
    this.accounts.onApplicationShutdown();
    await this.presence.beforeApplicationShutdown();
    this.presence.onModuleDestroy();
  }

  /** An account, created straight in the repository (no password hashing). */
  async user(username: string): Promise<TestUser> {
    const account = await this.accountsRepository.create({
      username,
      displayName: username,
      passwordHash: 'unused',
      createdAt: new Date().toISOString(),
    });
    return { id: account.id, username, displayName: username };
  }

  /** The user's client connects from `address` and, optionally, reports LAN addresses. */
  online(user: TestUser, address: string, localAddresses: string[] = []): RecordingConnection {
    const connection = new RecordingConnection();
    this.presence.connect(user, address, 50_000 + user.id, connection);
    if (localAddresses.length) this.presence.report(user.id, localAddresses);
    user.connection = connection;
    return connection;
  }

  offline(user: TestUser) {
    if (user.connection) this.presence.disconnect(user.id, user.connection);
    this.calls.disconnected(user.id);
  }

  async makeContacts(a: TestUser, b: TestUser) {
    await this.contacts.request(a, b.username);
    await this.contacts.accept(b, a.username);
  }

  /** Lets queued presence deliveries and writes run. */
  async settle() {
    for (let i = 0; i < 5; i++) await new Promise((resolve) => setImmediate(resolve));
    await this.presence.flush();
  }
}
