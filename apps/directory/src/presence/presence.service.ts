import {
  BeforeApplicationShutdown,
  Inject,
  Injectable,
  OnApplicationBootstrap,
  OnModuleDestroy,
  Optional,
} from '@nestjs/common';
import type { Logger } from 'pino';
import { ServerMessage, WsCloseCode } from '@lab/protocol';
import { OUTSIDE_LAB, labLanAddressOrPlaceholder, labPublicAddressOrPlaceholder } from '@lab/sandbox';
import type { AuthenticatedAccount } from '../accounts/accounts.service';
import type { DirectoryOptions } from '../config/directory.config';
import { DIRECTORY_LOGGER, DIRECTORY_OPTIONS, DIRECTORY_POLICY } from '../directory.tokens';
import {
  AccountsRepository,
  AddressHistoryEntry,
  AddressHistoryRepository,
  LastSeen,
} from '../persistence/repositories';
import { ClosedPresenceVisibility, PresenceVisibility } from './presence-visibility';
import type { DirectoryPolicy, Endpoint, PresenceRecord, Whereabouts } from '../policy/directory-policy';

/** A live WebSocket of one user, as the presence service needs it. */
export interface LiveConnection {
  send(message: ServerMessage): void;
  close(code: number, reason: string): void;
}

interface LiveEntry {
  account: AuthenticatedAccount;
  connection: LiveConnection;
  endpoint: Endpoint;
  localAddresses: string[];
  connectedAt: string;
  lastHeartbeat: number;
}

/** What is remembered of a user who went offline since this directory started. */
interface OfflineEntry {
  lastSeenAt: string;
  endpoint: Endpoint | null;
  localAddresses: string[];
}

/**
 * Who is online, from where, and who follows whom. Presence lives in memory (heartbeats never
 * touch the disk); the only durable writes — last seen, and the address history that L5 keeps —
 * are queued and written once per tick, in one transaction per table.
 */
@Injectable()
export class PresenceService implements OnApplicationBootstrap, BeforeApplicationShutdown, OnModuleDestroy {
  private readonly live = new Map<number, LiveEntry>();
  private readonly offline = new Map<number, OfflineEntry>();
  /** target account id → ids of the accounts subscribed to it */
  private readonly subscribers = new Map<number, Set<number>>();
  /** subscriber id → target ids, to clean up on disconnect */
  private readonly subscriptions = new Map<number, Set<number>>();
  /** The last presence frame sent about each user, so an unchanged frame is not sent again. */
  private readonly lastFrame = new Map<number, string>();
  private readonly pendingLastSeen = new Map<number, LastSeen>();
  private pendingHistory: AddressHistoryEntry[] = [];
  private flushScheduled = false;
  private flushing: Promise<void> = Promise.resolve();
  private sweepTimer?: NodeJS.Timeout;
  /** Decides, per delivery, whether a subscriber may still see a target (M2 re-checks contacts). */
  private readonly visibility: PresenceVisibility;

  constructor(
    @Inject(DIRECTORY_OPTIONS) private readonly options: DirectoryOptions,
    @Inject(DIRECTORY_POLICY) private readonly policy: DirectoryPolicy,
    @Inject(DIRECTORY_LOGGER) private readonly logger: Logger,
    private readonly accounts: AccountsRepository,
    private readonly history: AddressHistoryRepository,
    @Optional() visibility?: PresenceVisibility,
  ) {
    this.visibility = visibility ?? new ClosedPresenceVisibility();
  }

  async onApplicationBootstrap() {
    // What an earlier run left on disk is the policy's to keep or erase (M6 erases it).
    await this.policy.atStart({
      overwriteDeletedContent: () => this.history.overwriteDeletedContent(),
      eraseLastSeenAddresses: () => this.accounts.eraseLastSeenAddresses(),
      eraseAddressHistory: () => this.history.eraseAll(),
    });
    const every = Math.max(100, Math.floor(this.options.presenceTimeoutMs / 3));
    this.sweepTimer = setInterval(() => this.expireSilentClients(), every);
    this.sweepTimer.unref();
  }

  /** A user's client connected: record the address the server really saw on the socket. */
  connect(
    account: AuthenticatedAccount,
    remoteAddress: string | undefined,
    remotePort: number | undefined,
    connection: LiveConnection,
  ): Endpoint {
    const previous = this.live.get(account.id);
    if (previous)
      previous.connection.close(WsCloseCode.Replaced, 'replaced by a newer connection of the same user');
    const address = labPublicAddressOrPlaceholder(remoteAddress);
    const endpoint: Endpoint = { address, port: address === OUTSIDE_LAB ? null : (remotePort ?? null) };
    const now = new Date().toISOString();
    this.live.set(account.id, {
      account,
      connection,
      endpoint,
      localAddresses: [],
      connectedAt: now,
      lastHeartbeat: Date.now(),
    });
    this.offline.delete(account.id);
    this.logger.info(
      { user: account.username, publicAddress: endpoint.address, port: endpoint.port },
      'client connected',
    );
    this.remember(account.id, now);
    void this.announce(account.id);
    return endpoint;
  }

  /** The client reported the LAN addresses it believes it has. */
  report(accountId: number, localAddresses: string[]): string[] {
    const entry = this.live.get(accountId);
    if (!entry) return [];
    entry.localAddresses = [...new Set(localAddresses.map(labLanAddressOrPlaceholder))];
    entry.lastHeartbeat = Date.now();
    this.logger.info(
      { user: entry.account.username, localAddresses: entry.localAddresses },
      'client reported local addresses',
    );
    this.remember(accountId, new Date().toISOString());
    void this.announce(accountId);
    return entry.localAddresses;
  }

  heartbeat(accountId: number) {
    const entry = this.live.get(accountId);
    if (entry) entry.lastHeartbeat = Date.now();
  }

  /** The connection closed; returns whether it was the user's current one. */
  disconnect(accountId: number, connection: LiveConnection): boolean {
    const entry = this.live.get(accountId);
    if (!entry || entry.connection !== connection) return false;
    this.live.delete(accountId);
    const now = new Date().toISOString();
    const kept = this.policy.keptAfterOffline({
      endpoint: entry.endpoint,
      localAddresses: entry.localAddresses,
    });
    this.offline.set(accountId, { lastSeenAt: now, ...kept });
    for (const target of this.subscriptions.get(accountId) ?? [])
      this.subscribers.get(target)?.delete(accountId);
    this.subscriptions.delete(accountId);
    this.logger.info({ user: entry.account.username }, 'client disconnected');
    this.queueLastSeen({ accountId, at: now, ...durable(kept) });
    void this.announce(accountId);
    return true;
  }

  isOnline(accountId: number) {
    return this.live.has(accountId);
  }

  /** Sends a frame to a user's live connection, if there is one. */
  send(accountId: number, message: ServerMessage): boolean {
    const entry = this.live.get(accountId);
    if (!entry) return false;
    entry.connection.send(message);
    return true;
  }

  /** Everything known about a user's presence, before the policy decides who sees what. */
  async record(account: { id: number; username: string; displayName: string }): Promise<PresenceRecord> {
    const base = { username: account.username, displayName: account.displayName };
    const live = this.live.get(account.id);
    if (live) {
      return {
        ...base,
        online: true,
        lastSeenAt: live.connectedAt,
        endpoint: live.endpoint,
        localAddresses: live.localAddresses,
      };
    }
    const offline = this.offline.get(account.id) ?? (await this.loadLastSeen(account.id));
    return {
      ...base,
      online: false,
      lastSeenAt: offline?.lastSeenAt ?? null,
      endpoint: offline?.endpoint ?? null,
      localAddresses: offline?.localAddresses ?? [],
    };
  }

  subscribe(subscriberId: number, targetId: number) {
    let set = this.subscribers.get(targetId);
    if (!set) this.subscribers.set(targetId, (set = new Set()));
    set.add(subscriberId);
    let mine = this.subscriptions.get(subscriberId);
    if (!mine) this.subscriptions.set(subscriberId, (mine = new Set()));
    mine.add(targetId);
  }

  unsubscribe(subscriberId: number, targetId: number) {
    this.subscribers.get(targetId)?.delete(subscriberId);
    this.subscriptions.get(subscriberId)?.delete(targetId);
  }

  /** Sends the current presence of `targetId` to one subscriber (right after subscribing). */
  async sendCurrent(subscriberId: number, target: { id: number; username: string; displayName: string }) {
    const record = await this.record(target);
    this.send(subscriberId, { event: 'presence', data: this.policy.presenceEvent(record) });
  }

  onlineCount() {
    return this.live.size;
  }

  /** Tells every subscriber who may still see the user about its new presence. */
  private async announce(accountId: number) {
    const followers = this.subscribers.get(accountId);
    if (!followers?.size) return void this.lastFrame.delete(accountId);
    const account = this.live.get(accountId)?.account ?? (await this.accounts.findById(accountId));
    if (!account) return;
    const frame = { event: 'presence', data: this.policy.presenceEvent(await this.record(account)) } as const;
    // With M1 a LAN report changes nothing a subscriber may see: sending it anyway would say it happened.
    const { at: _at, ...visible } = frame.data;
    const fingerprint = JSON.stringify(visible);
    if (this.lastFrame.get(accountId) === fingerprint) return;
    this.lastFrame.set(accountId, fingerprint);
    for (const subscriberId of [...followers]) {
      if (await this.visibility.canSee(subscriberId, accountId)) this.send(subscriberId, frame);
      else this.unsubscribe(subscriberId, accountId);
    }
  }

  private remember(accountId: number, at: string) {
    const entry = this.live.get(accountId);
    if (!entry) return;
    const sighting =
      entry.endpoint.address === OUTSIDE_LAB
        ? null
        : this.policy.historyEntry({
            accountId,
            address: entry.endpoint.address,
            port: entry.endpoint.port,
            localAddresses: entry.localAddresses,
            seenAt: at,
          });
    if (sighting) this.pendingHistory.push(sighting);
    // The durable last-seen row holds what would be kept once the user is offline: no more.
    const kept = this.policy.keptAfterOffline({
      endpoint: entry.endpoint,
      localAddresses: entry.localAddresses,
    });
    this.queueLastSeen({ accountId, at, ...durable(kept) });
  }

  private queueLastSeen(lastSeen: LastSeen) {
    this.pendingLastSeen.set(lastSeen.accountId, lastSeen);
    if (this.flushScheduled) return;
    this.flushScheduled = true;
    setImmediate(() => {
      this.flushing = this.flushing.then(() => this.flush());
    });
  }

  /** Writes what is queued, in one transaction. */
  async flush() {
    this.flushScheduled = false;
    const lastSeen = [...this.pendingLastSeen.values()];
    const history = this.pendingHistory;
    this.pendingLastSeen.clear();
    this.pendingHistory = [];
    try {
      if (lastSeen.length) await this.accounts.saveLastSeen(lastSeen);
      if (history.length) await this.history.append(history);
    } catch (error) {
      this.logger.error({ err: error }, 'could not write presence to the database');
    }
  }

  private async loadLastSeen(accountId: number): Promise<OfflineEntry | undefined> {
    const stored = await this.accounts.findLastSeen(accountId);
    if (!stored) return undefined;
    const entry: OfflineEntry = {
      lastSeenAt: stored.at,
      endpoint: stored.address ? { address: stored.address, port: stored.port } : null,
      localAddresses: stored.localAddresses,
    };
    this.offline.set(accountId, entry);
    return entry;
  }

  private expireSilentClients() {
    const deadline = Date.now() - this.options.presenceTimeoutMs;
    for (const [accountId, entry] of this.live) {
      if (entry.lastHeartbeat < deadline) {
        entry.connection.close(WsCloseCode.PresenceTimeout, 'no heartbeat: presence timed out');
        this.disconnect(accountId, entry.connection);
      }
    }
  }

  async beforeApplicationShutdown() {
    clearInterval(this.sweepTimer);
    for (const [accountId, entry] of this.live) {
      entry.connection.close(WsCloseCode.ShuttingDown, 'directory shutting down');
      this.disconnect(accountId, entry.connection);
    }
    await this.flushing;
    await this.flush();
  }

  onModuleDestroy() {
    clearInterval(this.sweepTimer);
  }
}

/** Whereabouts as the last-seen row stores them. */
function durable({ endpoint, localAddresses }: Whereabouts) {
  return { address: endpoint?.address ?? null, port: endpoint?.port ?? null, localAddresses };
}
