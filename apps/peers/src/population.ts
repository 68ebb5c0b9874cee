import type { AddressPlan, LeaseLog, NetworkSlot, Persona } from '@lab/address-plan';
import { ClientLogger, DirectoryClient } from '@lab/directory-client';
import { LabClock } from './lab-clock';
import { PersonaAgent, PersonaAgentOptions, PersonaStatus } from './persona-agent';

export interface PopulationOptions {
  directoryUrl: string;
  plan: AddressPlan;
  clock: LabClock;
  /** Who lives in the lab (default: the plan's named personas). */
  personas?: Persona[];
  leases?: LeaseLog;
  /** Record the home and work networks' all-day leases (one population per lab does). */
  staticLeases?: boolean;
  /** How often routines are checked, in real milliseconds. */
  tickMs?: number;
  ringDelayMs?: number;
  sourceAddressOverride?: string;
  /** Docker mode: one device of one persona, on one network (see PersonaAgentOptions.device). */
  device?: PersonaAgentOptions['device'] & { slot: NetworkSlot };
  logger?: ClientLogger;
  /** Called when a persona moves: for the lab's console and logs. */
  onMove?: (status: PersonaStatus) => void;
}

const RECONNECT_EVERY_MS = 2000;
/** How often a device asks its persona's contacts again until every one of them has accepted. */
const CONTACTS_EVERY_MS = 10_000;
/** Sign-ups and logins at once: each is a password hash in the directory. */
const BATCH = 50;

/**
 * The simulated population of one directory: every persona a real client, moving between its
 * networks as its routine and the lab clock say. `start` resolves once everyone the routine puts
 * online is online.
 */
export class Population {
  readonly agents: Map<string, PersonaAgent>;
  private timer?: NodeJS.Timeout;
  private ticking?: Promise<void>;
  private readonly retried = new WeakMap<PersonaAgent, number>();
  /** Docker mode: when the device last asked its contacts, and whether all of them are mutual. */
  private contactsAskedAt = 0;
  private contactsMutual = false;
  private askingContacts?: Promise<void>;

  private constructor(private readonly options: PopulationOptions) {
    const personas = options.personas ?? options.plan.personas;
    this.agents = new Map(personas.map((p) => [p.username, new PersonaAgent(p, options)]));
  }

  static async start(options: PopulationOptions): Promise<Population> {
    const population = new Population(options);
    await population.setUp();
    await population.tick();
    population.timer = setInterval(() => void population.tick(), options.tickMs ?? 200);
    population.timer.unref();
    return population;
  }

  status(): PersonaStatus[] {
    return [...this.agents.values()].map((a) => a.status());
  }

  agent(username: string): PersonaAgent | undefined {
    return this.agents.get(username);
  }

  async stop(): Promise<void> {
    clearInterval(this.timer);
    await this.askingContacts;
    await Promise.all([...this.agents.values()].map((a) => a.stop()));
  }

  /** Moves everyone to where their routine says now (a tick already under way is not repeated). */
  async tick(): Promise<void> {
    if (this.ticking) return;
    this.ticking = this.moveEveryone().finally(() => (this.ticking = undefined));
    await this.ticking;
  }

  /** After the clock changed: waits for a tick under way, then moves everyone to the new time. */
  async settle(): Promise<void> {
    await this.ticking;
    await this.tick();
  }

  private async moveEveryone(): Promise<void> {
    // Beside the moves, not before them: a slow directory must not hold a device on the wrong network.
    this.askingContacts ??= this.askContactsFromDevice().finally(() => (this.askingContacts = undefined));
    const minute = this.options.clock.minuteOfDay();
    await Promise.all(
      [...this.agents.values()].map(async (agent) => {
        const planned = this.options.plan.slotAt(agent.persona, minute);
        // A device is online only while its persona's routine puts the persona on its network.
        const device = this.options.device;
        const slot = device && planned !== device.slot ? 'offline' : planned;
        if (agent.isAt(slot)) return;
        // A lost connection is retried, but not on every tick while the directory is away.
        const reconnecting = slot === agent.slot;
        if (reconnecting && Date.now() - (this.retried.get(agent) ?? 0) < RECONNECT_EVERY_MS) return;
        if (reconnecting) this.retried.set(agent, Date.now());
        await agent.moveTo(slot);
        if (!reconnecting || agent.isAt(slot)) this.options.onMove?.(agent.status());
      }),
    );
  }

  private async setUp() {
    const agents = [...this.agents.values()];
    for (let i = 0; i < agents.length; i += BATCH)
      await Promise.all(agents.slice(i, i + BATCH).map((a) => a.ensureAccount()));
    await this.befriend();
    this.openStaticLeases();
  }

  /**
   * Makes the plan's contacts mutual contacts in the directory (idempotent across restarts). Each
   * persona in a pair logs in once (a batch at a time), and the pairs are made side by side: a
   * login is a password hash, the slowest step of the lab's start.
   */
  private async befriend() {
    const pairs = new Map<string, [string, string]>();
    for (const agent of this.agents.values()) {
      for (const other of agent.persona.contacts) {
        const pair = [agent.persona.username, other].sort().join('+');
        if (pairs.has(pair) || !this.agents.has(other)) continue;
        pairs.set(pair, [agent.persona.username, other]);
      }
    }
    if (!pairs.size) return;
    // Each logs in from where its routine puts it now, so that its first move can keep the session.
    const minute = this.options.clock.minuteOfDay();
    const involved = [...new Set([...pairs.values()].flat())].map((username) => {
      const agent = this.agents.get(username)!;
      return { username, agent, slot: this.options.plan.slotAt(agent.persona, minute) };
    });
    const clients = new Map<string, DirectoryClient>();
    let made = false;
    try {
      for (let i = 0; i < involved.length; i += BATCH) {
        const batch = involved.slice(i, i + BATCH);
        // Settled, not all: a failed login must not leave the others' clients open.
        const settled = await Promise.allSettled(batch.map(({ agent, slot }) => agent.logIn(slot)));
        settled.forEach((s, j) => s.status === 'fulfilled' && clients.set(batch[j].username, s.value));
        const failed = settled.find((s) => s.status === 'rejected');
        if (failed) throw failed.reason;
      }
      await Promise.all(
        [...pairs.values()].map(async ([requester, addressee]) => {
          // A second start finds the pair made: both answers below mean "already done".
          await clients.get(requester)!.requestContact(addressee).catch(ignore('already_contacts'));
          await clients.get(addressee)!.acceptContact(requester).catch(ignore('contact_request_not_found'));
        }),
      );
      made = true;
    } finally {
      for (const { username, agent, slot } of involved) {
        const client = clients.get(username);
        if (!client) continue;
        // Online now: the first move onto that network opens its WebSocket with this session.
        if (made && slot !== 'offline' && agent.persona.networks[slot]) agent.keepForMove(slot, client);
        else client.close();
      }
    }
  }

  /**
   * Docker mode: each device holds one persona, so the pairs cannot be made from one process as
   * befriend() does. A device online on its network asks each of its persona's contacts (asking
   * back is accepting), until the directory lists every one of them as a mutual contact. Whichever
   * side asks second completes the pair, whatever order the containers started in.
   */
  private async askContactsFromDevice() {
    if (!this.options.device || this.contactsMutual) return;
    if (Date.now() - this.contactsAskedAt < CONTACTS_EVERY_MS) return;
    const [agent] = this.agents.values();
    const client = agent?.directory;
    if (!client) return;
    this.contactsAskedAt = Date.now();
    try {
      const wanted = agent.persona.contacts.filter((c) => this.options.plan.persona(c));
      const { contacts } = await client.contacts();
      const accepted = new Set(contacts.filter((c) => c.state === 'accepted').map((c) => c.username));
      for (const other of wanted.filter((c) => !accepted.has(c))) {
        // A contact who has no account yet answers user_not_found (or, with M5, "sent" for nothing).
        await client.requestContact(other).catch(ignore('already_contacts', 'user_not_found'));
      }
      const after = (await client.contacts()).contacts;
      this.contactsMutual = wanted.every((c) =>
        after.some((view) => view.username === c && view.state === 'accepted'),
      );
    } catch {
      // The directory is away or busy: the next tick after CONTACTS_EVERY_MS asks again.
    }
  }

  /** Home and work networks hold their address all day: one lease each, to the household or firm. */
  private openStaticLeases() {
    const leases = this.options.leases;
    if (!leases || this.options.staticLeases === false) return;
    const since = new Date(Date.now() - 24 * 3600_000).toISOString();
    const opened = new Set<string>();
    for (const agent of this.agents.values()) {
      for (const network of Object.values(agent.persona.networks)) {
        if (!network || network.kind === 'mobile' || opened.has(network.id)) continue;
        opened.add(network.id);
        const subscriber =
          network.kind === 'home'
            ? `${agent.persona.displayName} (household, ${network.id})`
            : `${network.id} (business customer of ${network.isp.name})`;
        leases.open({
          ispId: network.isp.id,
          publicAddress: network.publicAddress,
          subscriber,
          start: since,
        });
      }
    }
  }
}

const ignore =
  (...codes: string[]) =>
  (error: { code?: string }) => {
    if (!codes.includes(error.code ?? '')) throw error;
  };
