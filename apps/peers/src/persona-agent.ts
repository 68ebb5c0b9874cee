import type { AddressPlan, LeaseLog, LeaseRecord, NetworkSlot, Persona } from '@lab/address-plan';
import { ClientLogger, DirectoryClient, PresenceSocket, SeenEvent } from '@lab/directory-client';

export interface PersonaStatus {
  username: string;
  slot: NetworkSlot | 'offline';
  network: string | null;
  /** The simulated public address the persona is on (what a person should read). */
  publicAddress: string | null;
  /** The loopback address its sockets really leave from (what the directory observes). */
  sourceAddress: string | null;
  lanAddress: string | null;
  online: boolean;
}

export interface PersonaAgentOptions {
  directoryUrl: string;
  plan: AddressPlan;
  leases?: LeaseLog;
  ringDelayMs?: number;
  logger?: ClientLogger;
  /** Overrides every source address (the fallback on a machine that has only 127.0.0.1). */
  sourceAddressOverride?: string;
  /**
   * Docker mode: the device really sits on its network, so its sockets leave from the address the
   * kernel picks (no loopback mirror to bind), and it reports its network card's own addresses.
   */
  device?: { lanAddresses: () => string[] };
}

export const personaPassword = (username: string) => `${username}-lab-password`;

/**
 * One simulated person: a real client of the directory that logs in from the network its routine
 * puts it on, keeps presence, answers calls from its contacts, and keeps a log of what its user
 * saw. Each move opens new sockets from the new network's address.
 */
export class PersonaAgent {
  slot: NetworkSlot | 'offline' = 'offline';
  /** What this persona's user was shown, across every connection: the victim's view. */
  readonly seen: SeenEvent[] = [];
  private client?: DirectoryClient;
  private socket?: PresenceSocket;
  private translation?: LeaseRecord;
  private moving: Promise<void> = Promise.resolve();
  /** A session from set-up work, lent to the next move onto its network (see keepForMove). */
  private spare?: { slot: NetworkSlot; client: DirectoryClient };

  constructor(
    readonly persona: Persona,
    private readonly options: PersonaAgentOptions,
  ) {}

  /** Creates the account (or logs into an existing one, after a restart). */
  async ensureAccount(): Promise<void> {
    const client = this.clientFor(this.sourceAddressOf('home') ?? this.anySourceAddress());
    try {
      await client.register(
        this.persona.username,
        personaPassword(this.persona.username),
        this.persona.displayName,
        { email: this.persona.email, discoverableByEmail: this.persona.discoverableByEmail },
      );
    } catch (error) {
      if ((error as { code?: string }).code !== 'username_taken') throw error;
    } finally {
      client.close();
    }
  }

  /**
   * Logs in from the network `slot` puts the persona on (its first network when offline), for
   * set-up work such as contact requests. The caller closes the client, or lends it to the next move
   * with keepForMove.
   */
  async logIn(slot: NetworkSlot | 'offline'): Promise<DirectoryClient> {
    const client = this.clientFor(
      (slot !== 'offline' && this.sourceAddressOf(slot)) || this.anySourceAddress(),
    );
    try {
      await client.login(this.persona.username, personaPassword(this.persona.username));
    } catch (error) {
      client.close();
      throw error;
    }
    return client;
  }

  /**
   * Lends a session logged in from `slot`'s network to the next move: if that move is onto the same
   * network, it opens its WebSocket with this session instead of logging in again (a login is a
   * password hash in the directory); otherwise the session is closed.
   */
  keepForMove(slot: NetworkSlot, client: DirectoryClient) {
    this.spare?.client.close();
    this.spare = { slot, client };
  }

  /**
   * Moves to where the routine says (no-op if already there and connected). Moves are serialised.
   * Being on a network without a live connection (the directory restarted, the router was cut off)
   * counts as not there yet: the next move logs in again.
   */
  moveTo(slot: NetworkSlot | 'offline'): Promise<void> {
    this.moving = this.moving
      .then(() => (this.isAt(slot) ? undefined : this.switchTo(slot)))
      .catch(() => undefined);
    return this.moving;
  }

  /** On that network and, unless offline, connected. */
  isAt(slot: NetworkSlot | 'offline'): boolean {
    return slot === this.slot && (slot === 'offline' || !!this.socket);
  }

  status(): PersonaStatus {
    const network = this.slot === 'offline' ? undefined : this.persona.networks[this.slot];
    return {
      username: this.persona.username,
      slot: this.slot,
      network: network?.id ?? null,
      publicAddress: network?.publicAddress ?? null,
      sourceAddress: network ? (this.options.sourceAddressOverride ?? network.loopbackAddress) : null,
      lanAddress: this.slot === 'offline' ? null : (this.persona.lan[this.slot] ?? null),
      online: !!this.socket,
    };
  }

  /** The live WebSocket (undefined while offline): for calls the persona places. */
  get connection(): PresenceSocket | undefined {
    return this.socket;
  }

  /** The logged-in client, for contact requests and the like (undefined while offline). */
  get directory(): DirectoryClient | undefined {
    return this.client;
  }

  async stop(): Promise<void> {
    await this.moveTo('offline');
    this.spare?.client.close();
    this.spare = undefined;
  }

  private async switchTo(slot: NetworkSlot | 'offline'): Promise<void> {
    await this.disconnect();
    this.slot = slot;
    const spare = this.spare;
    this.spare = undefined;
    const network = slot === 'offline' ? undefined : this.persona.networks[slot];
    // A set-up session from this very network stands in for the login; any other is closed.
    let client = network && spare?.slot === slot ? spare.client : undefined;
    if (spare && spare.client !== client) spare.client.close();
    if (slot === 'offline' || !network) return;
    if (!client) {
      client = this.clientFor(this.options.sourceAddressOverride ?? network.loopbackAddress);
      await client.login(this.persona.username, personaPassword(this.persona.username));
    }
    const lan = this.persona.lan[slot];
    const contacts = new Set(this.persona.contacts);
    const socket = await client.openSocket({
      localAddresses: this.options.device ? this.options.device.lanAddresses() : lan ? [lan] : [],
      agent: { ringDelayMs: this.options.ringDelayMs ?? 1500, answer: (from) => contacts.has(from) },
    });
    socket.on('seen', (event: SeenEvent) => this.seen.push(event));
    this.client = client;
    this.socket = socket;
    if (network.kind === 'mobile' && this.options.leases) {
      // The carrier-grade NAT logs each translation: public address and source port → subscriber.
      this.translation = this.options.leases.open({
        ispId: network.isp.id,
        publicAddress: network.publicAddress,
        port: socket.localPort,
        subscriber: `${this.persona.displayName} (mobile subscriber ${this.persona.username})`,
        start: new Date().toISOString(),
      });
    }
    void socket.closed.then(() => {
      if (this.socket === socket) this.socket = undefined;
    });
  }

  private async disconnect() {
    if (this.translation) this.options.leases?.close(this.translation);
    this.translation = undefined;
    const socket = this.socket;
    this.socket = undefined;
    await socket?.close();
    this.client?.close();
    this.client = undefined;
  }

  private clientFor(sourceAddress: string) {
    return new DirectoryClient({
      baseUrl: this.options.directoryUrl,
      localAddress: this.options.device ? undefined : sourceAddress,
      logger: this.options.logger,
    });
  }

  private sourceAddressOf(slot: NetworkSlot): string | undefined {
    const network = this.persona.networks[slot];
    return network && (this.options.sourceAddressOverride ?? network.loopbackAddress);
  }

  private anySourceAddress(): string {
    const network = Object.values(this.persona.networks)[0]!;
    return this.options.sourceAddressOverride ?? network.loopbackAddress;
  }
}
