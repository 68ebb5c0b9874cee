import fc from 'fast-check';
import { DirectoryClient, PresenceSocket } from '@lab/directory-client';
import type { Candidate } from '@lab/protocol';
import { TestDirectory, startTestDirectory } from './lab-harness';

/*
 * Random sequences of everything a user of the directory can do, by lab users and an attacker,
 * for the property "no address of another user reaches the attacker, and the directory never
 * answers 5xx". Real directory on loopback, real sockets from each user's own loopback address.
 *
 * What it costs decides the design: registering, logging in and connecting three users costs far
 * more than a short sequence of actions. So a world (three fresh accounts on fresh addresses, all
 * registered and online at home to begin with) serves WORLD_SEQUENCES sequences in turn, each
 * starting where the previous one left off, as the same users' next moves; the property is checked
 * after every step of each. A world is retired after a failure, so the shrinker replays in fresh
 * ones, and after WORLD_SEQUENCES sequences, before M5's budgets (per account and per address) turn
 * every lookup into a 429. The directory is restarted when its addresses run out.
 */

export const ACTOR_NAMES = ['alice', 'bob', 'mallory'] as const;
export type ActorName = (typeof ACTOR_NAMES)[number];
export const ATTACKER: ActorName = 'mallory';
const VICTIM_NAMES = ACTOR_NAMES.filter((name) => name !== ATTACKER);

/** The loopback mirrors of the lab's public networks: the only public addresses the directory records. */
const PUBLIC_BLOCKS = ['127.0.2.', '127.51.100.', '127.0.113.'];
const ADDRESSES_PER_BLOCK = 253; // .2 … .254
/** Each actor has two networks (home and elsewhere), each with its own public and LAN address. */
const NETWORKS_PER_ACTOR = 2;
const ADDRESSES_PER_WORLD = ACTOR_NAMES.length * NETWORKS_PER_ACTOR;
/** Sequences one world serves before fresh accounts replace it. */
export const WORLD_SEQUENCES = 25;

interface Network {
  publicAddress: string;
  lanAddress: string;
}

/** Text received since a mark: every client and socket an actor had, so nothing is missed. */
class Transcripts {
  private readonly sources: string[][] = [];
  private readonly marks = new Map<string[], number>();

  add(transcript: string[]) {
    this.sources.push(transcript);
    this.marks.set(transcript, transcript.length);
  }

  mark() {
    for (const source of this.sources) this.marks.set(source, source.length);
  }

  sinceMark(): string {
    return this.sources.map((source) => source.slice(this.marks.get(source) ?? 0).join('\n')).join('\n');
  }
}

/** One lab user of a world. */
export class Actor {
  network = 0;
  client?: DirectoryClient;
  socket?: PresenceSocket;
  readonly transcripts = new Transcripts();
  private readonly clients: DirectoryClient[] = [];
  private readonly sockets: PresenceSocket[] = [];

  constructor(
    readonly name: ActorName,
    readonly username: string,
    readonly networks: Network[],
    private readonly world: World,
  ) {}

  get password() {
    return `${this.username}-password-1`;
  }

  get addresses(): string[] {
    return this.networks.flatMap((n) => [n.publicAddress, n.lanAddress]);
  }

  /** The client on the current network (one per network, as a device has). */
  currentClient(): DirectoryClient {
    if (!this.client) {
      this.client = new DirectoryClient({
        baseUrl: this.world.directory.url,
        localAddress: this.networks[this.network].publicAddress,
      });
      this.clients.push(this.client);
      this.transcripts.add(this.client.transcript);
    }
    return this.client;
  }

  /** Logs in on the current network and goes online there, as a client app does. */
  async logIn() {
    const client = this.currentClient();
    const answer = await client.request('POST', '/sessions', {
      username: this.username,
      password: this.password,
    });
    if (answer.status >= 300) return;
    client.token = (JSON.parse(answer.text) as { token: string }).token;
    await this.socket?.close();
    this.socket = undefined;
    try {
      // The user's own client: an eager ICE agent that answers invites with its candidates.
      const socket = await client.openSocket({
        localAddresses: [this.networks[this.network].lanAddress],
        heartbeat: false,
        agent: { ringDelayMs: 30 },
      });
      this.watchCalls(socket);
      this.sockets.push(socket);
      this.transcripts.add(socket.transcript);
      this.socket = socket;
    } catch {
      // A refusal (an error frame or a close) is in the transcripts, and checked there.
    }
  }

  async logOut() {
    const answer = await this.currentClient().request('DELETE', '/sessions/current');
    // The directory closes the session's sockets; wait for it (bounded), so the next step sees it.
    if (answer.status < 300 && this.socket) await within(this.socket.closed, 2000);
    this.socket = undefined;
  }

  /** Moves to another network: the old connection drops, the user logs in again from there. */
  async moveTo(network: number) {
    await this.socket?.terminate();
    this.socket = undefined;
    this.client?.close();
    this.client = undefined;
    this.network = network;
    await this.logIn();
  }

  ownCandidates(): Candidate[] {
    const network = this.networks[this.network];
    const port = this.socket?.localPort ?? 0;
    return [
      { type: 'host', address: network.lanAddress, port },
      { type: 'srflx', address: network.publicAddress, port },
    ];
  }

  private watchCalls(socket: PresenceSocket) {
    socket.on('call.created', (d: { callId: string; username: string }) =>
      this.world.calls.push({ id: d.callId, caller: this.username, callee: d.username }),
    );
    socket.on('call.incoming', (d: { callId: string; from: string }) =>
      this.world.calls.push({ id: d.callId, caller: d.from, callee: this.username }),
    );
    socket.on('call.accepted', (d: { callId: string }) => this.world.accepted.add(d.callId));
    socket.on('contact.accepted', (d: { username: string }) =>
      this.world.noteContacts(this.username, d.username),
    );
  }

  async close() {
    await Promise.all(this.sockets.map((s) => s.close().catch(() => undefined)));
    for (const client of this.clients) client.close();
  }
}

/** Three fresh accounts on fresh addresses, and what their users did so far. */
export class World {
  readonly actors: Record<ActorName, Actor>;
  /** The world's calls, accepted calls, and pairs that were ever mutual contacts in it. */
  readonly calls: { id: string; caller: string; callee: string }[] = [];
  readonly accepted = new Set<string>();
  readonly everContacts = new Set<string>();
  /** Contact requests that may be pending, as "from>to". */
  readonly pending = new Set<string>();
  /** Every action of the world so far: a counterexample may depend on the sequences before it. */
  readonly history: string[] = [];
  sequences = 0;
  failed = false;
  private logLinesAtMark = 0;

  constructor(
    readonly directory: TestDirectory,
    id: number,
    networks: Network[],
  ) {
    this.actors = Object.fromEntries(
      ACTOR_NAMES.map((name, i) => [
        name,
        new Actor(
          name,
          `${name}${id}`,
          networks.slice(i * NETWORKS_PER_ACTOR, (i + 1) * NETWORKS_PER_ACTOR),
          this,
        ),
      ]),
    ) as Record<ActorName, Actor>;
  }

  get attacker() {
    return this.actors[ATTACKER];
  }

  /** Everyone registers and goes online at home. */
  async setUp() {
    for (const actor of Object.values(this.actors)) {
      await actor.currentClient().request('POST', '/accounts', {
        username: actor.username,
        password: actor.password,
      });
      await actor.logIn();
    }
  }

  /** Starts the next sequence: what arrives from now on is checked, and blamed on it. */
  async startSequence() {
    await this.settle();
    for (const actor of Object.values(this.actors)) actor.transcripts.mark();
    this.logLinesAtMark = this.directory.logs.lines.length;
  }

  noteContacts(a: string, b: string) {
    this.everContacts.add([a, b].sort().join('|'));
  }

  /** A request that went through; asking someone who asked first is accepting (as the directory does). */
  contactRequested(from: string, to: string) {
    if (this.pending.delete(`${to}>${from}`)) this.noteContacts(from, to);
    else this.pending.add(`${from}>${to}`);
  }

  /**
   * A victim who was the attacker's mutual contact and had a call with them that was accepted:
   * the fixed directory lets such a call go direct (M4 relays strangers' calls only), so that
   * victim's address reaching the attacker is the design, not a leak.
   */
  private consented(victim: Actor): boolean {
    const pair = [victim.username, this.attacker.username].sort().join('|');
    if (!this.everContacts.has(pair)) return false;
    return this.calls.some(
      (c) =>
        this.accepted.has(c.id) &&
        [c.caller, c.callee].includes(victim.username) &&
        [c.caller, c.callee].includes(this.attacker.username),
    );
  }

  /** The property, checked after every step of the current sequence. Throws with what went wrong. */
  check() {
    const received = this.attacker.transcripts.sinceMark();
    for (const name of VICTIM_NAMES) {
      const victim = this.actors[name];
      if (this.consented(victim)) continue;
      for (const address of victim.addresses) {
        const at = findAddress(received, address);
        if (at >= 0) {
          throw new Error(
            `the attacker received ${address}, an address of ${victim.username}: …${received.slice(Math.max(0, at - 200), at + 60)}…`,
          );
        }
      }
    }
    for (const actor of Object.values(this.actors)) {
      const text = actor.transcripts.sinceMark();
      const fault = /^HTTP 5\d\d$/m.exec(text) ?? /"code":"internal_error"/.exec(text);
      if (fault) throw new Error(`${actor.username} got a server fault: ${fault[0]}`);
    }
    const errors = this.directory.logs.lines
      .slice(this.logLinesAtMark)
      .filter((l) => /"level":(50|60)/.test(l));
    if (errors.length) throw new Error(`the directory logged an error: ${errors[0]}`);
  }

  /** Waits until every frame the directory sent so far has arrived (one round trip per socket). */
  async settle() {
    await Promise.all(
      Object.values(this.actors).map(async ({ socket }) => {
        if (!socket) return;
        const reply = socket.waitFor('heartbeat', () => true, { timeoutMs: 2000 }).catch(() => undefined);
        socket.send('heartbeat', {});
        await reply;
      }),
    );
  }

  async close() {
    await Promise.all(Object.values(this.actors).map((a) => a.close()));
  }
}

/** Waits for `promise`, or `ms` at most (without keeping the process alive after). */
async function within(promise: Promise<unknown>, ms: number) {
  let timer: NodeJS.Timeout | undefined;
  await Promise.race([promise, new Promise((resolve) => (timer = setTimeout(resolve, ms)))]);
  clearTimeout(timer);
}

/** Where `address` occurs as a whole address (127.0.2.5 is not inside 127.0.2.50), or -1. */
export function findAddress(text: string, address: string): number {
  const pattern = new RegExp(`(?<![\\d.])${address.replace(/\./g, '\\.')}(?![\\d])`);
  return text.search(pattern);
}

/**
 * A directory shared by every sequence of a property, with worlds of fresh accounts on addresses
 * never used before on it. Restarted (with the same mitigations) when the addresses run out.
 */
export class SharedDirectory {
  private directory?: TestDirectory;
  private world?: World;
  private nextAddress = 0;
  private worlds = 0;
  restarts = 0;

  constructor(private readonly mitigations: Parameters<typeof startTestDirectory>[0]) {}

  /** The world for the next sequence: the current one, or a fresh one when it is used up or failed. */
  async nextWorld(): Promise<World> {
    if (this.world && !this.world.failed && this.world.sequences < WORLD_SEQUENCES) {
      await this.world.startSequence();
      this.world.sequences++;
      this.world.history.push(`(sequence ${this.world.sequences})`);
      return this.world;
    }
    await this.world?.close();
    const capacity = PUBLIC_BLOCKS.length * ADDRESSES_PER_BLOCK;
    if (!this.directory || this.nextAddress + ADDRESSES_PER_WORLD > capacity) {
      await this.directory?.close();
      this.directory = await startTestDirectory(this.mitigations, { logLevel: 'warn' });
      this.nextAddress = 0;
      this.restarts++;
    }
    const id = ++this.worlds;
    const networks = Array.from({ length: ADDRESSES_PER_WORLD }, (_, i) => {
      const n = this.nextAddress++;
      return {
        publicAddress: `${PUBLIC_BLOCKS[n % PUBLIC_BLOCKS.length]}${2 + Math.floor(n / PUBLIC_BLOCKS.length)}`,
        // A LAN address no other world reports: 10.<world>.<network>.
        lanAddress: `10.${(id >> 8) & 255}.${id & 255}.${i + 1}`,
      };
    });
    this.world = new World(this.directory, id, networks);
    await this.world.setUp();
    await this.world.startSequence();
    this.world.history.push('(everyone registered, logged in and online at home)');
    this.world.sequences = 1;
    return this.world;
  }

  async close() {
    await this.world?.close();
    await this.directory?.close();
  }
}

// ---- the actions -------------------------------------------------------------------------------

type Action = fc.AsyncCommand<World, World>;

abstract class Step implements Action {
  /** Every action may be tried in any state: a refusal must be a clean 4xx or error frame. */
  check() {
    return true;
  }
  async run(_model: World, run: World) {
    run.history.push(String(this));
    await this.act(run);
    run.check();
  }
  protected abstract act(run: World): Promise<void>;
  abstract toString(): string;
}

/** Sends a frame on the actor's socket (if online) and gives the directory a moment to react. */
async function frame(actor: Actor, send: (socket: PresenceSocket) => void) {
  const socket = actor.socket;
  if (!socket) return;
  send(socket);
  // One round trip on the sender's socket: the directory has handled the frame (frames are ordered).
  const reply = socket.waitFor('heartbeat', () => true, { timeoutMs: 2000 }).catch(() => undefined);
  socket.send('heartbeat', {});
  await reply;
}

class Register extends Step {
  constructor(readonly who: ActorName) {
    super();
  }
  async act(run: World) {
    const actor = run.actors[this.who];
    await actor.currentClient().request('POST', '/accounts', {
      username: actor.username,
      password: actor.password,
    });
  }
  toString() {
    return `${this.who}: register`;
  }
}

class LogIn extends Step {
  constructor(readonly who: ActorName) {
    super();
  }
  act(run: World) {
    return run.actors[this.who].logIn();
  }
  toString() {
    return `${this.who}: log in and go online`;
  }
}

class LogOut extends Step {
  constructor(readonly who: ActorName) {
    super();
  }
  act(run: World) {
    return run.actors[this.who].logOut();
  }
  toString() {
    return `${this.who}: log out`;
  }
}

class Reconnect extends Step {
  constructor(readonly who: ActorName) {
    super();
  }
  act(run: World) {
    const actor = run.actors[this.who];
    return actor.moveTo((actor.network + 1) % NETWORKS_PER_ACTOR);
  }
  toString() {
    return `${this.who}: reconnect from the other network`;
  }
}

class Lookup extends Step {
  constructor(
    readonly who: ActorName,
    readonly target: ActorName,
  ) {
    super();
  }
  async act(run: World) {
    await run.actors[this.who].currentClient().request('GET', `/users/${run.actors[this.target].username}`);
  }
  toString() {
    return `${this.who}: look up ${this.target}`;
  }
}

class Subscribe extends Step {
  constructor(
    readonly who: ActorName,
    readonly target: ActorName,
  ) {
    super();
  }
  act(run: World) {
    const username = run.actors[this.target].username;
    return frame(run.actors[this.who], (s) => s.send('presence.subscribe', { username }));
  }
  toString() {
    return `${this.who}: subscribe to ${this.target}`;
  }
}

const CONTACT_ACTIONS = ['request', 'accept', 'decline', 'remove'] as const;
class Contact extends Step {
  constructor(
    readonly who: ActorName,
    readonly action: (typeof CONTACT_ACTIONS)[number],
    readonly other: ActorName,
  ) {
    super();
  }
  async act(run: World) {
    const actor = run.actors[this.who];
    const other = run.actors[this.other].username;
    const client = actor.currentClient();
    const ok = (answer: { status: number }) => answer.status < 300;
    if (this.action === 'request') {
      if (ok(await client.request('POST', '/contacts/requests', { username: other })))
        run.contactRequested(actor.username, other);
    } else if (this.action === 'remove') {
      if (ok(await client.request('DELETE', `/contacts/${other}`)))
        run.pending.delete(`${actor.username}>${other}`);
    } else {
      const answer = await client.request('POST', `/contacts/requests/${other}/${this.action}`);
      if (ok(answer)) run.pending.delete(`${other}>${actor.username}`);
      if (ok(answer) && this.action === 'accept') run.noteContacts(actor.username, other);
    }
  }
  toString() {
    return `${this.who}: contact ${this.action} ${this.other}`;
  }
}

class Invite extends Step {
  constructor(
    readonly who: ActorName,
    readonly callee: ActorName,
  ) {
    super();
  }
  act(run: World) {
    const username = run.actors[this.callee].username;
    return frame(run.actors[this.who], (s) => s.send('call.invite', { username }));
  }
  toString() {
    return `${this.who}: call ${this.callee}`;
  }
}

const CALL_ACTIONS = ['ringing', 'candidates', 'accept', 'reject', 'cancel', 'hangup'] as const;
class CallAction extends Step {
  constructor(
    readonly who: ActorName,
    readonly action: (typeof CALL_ACTIONS)[number],
    readonly pick: number,
  ) {
    super();
  }
  act(run: World) {
    const actor = run.actors[this.who];
    // One of the calls this actor is in (or any call: a stranger's call id must be refused too).
    const own = run.calls.filter((c) => c.caller === actor.username || c.callee === actor.username);
    const pool = own.length ? own : run.calls;
    if (!pool.length) return Promise.resolve();
    const callId = pool[this.pick % pool.length].id;
    return frame(actor, (s) =>
      this.action === 'candidates'
        ? s.send('call.candidates', { callId, candidates: actor.ownCandidates() })
        : s.send(`call.${this.action}`, { callId }),
    );
  }
  toString() {
    return `${this.who}: ${this.action} call #${this.pick}`;
  }
}

const actor = fc.constantFrom(...ACTOR_NAMES);

/** Sessions and networks: the costly actions (a log-in hashes a password and opens a socket). */
const SESSION_ACTIONS: fc.Arbitrary<Action>[] = [
  actor.map((who) => new Register(who)),
  actor.map((who) => new LogIn(who)),
  actor.map((who) => new LogOut(who)),
  actor.map((who) => new Reconnect(who)),
];

/** What users do once online: cheap, and where the leaks would be. */
const ONLINE_ACTIONS: fc.Arbitrary<Action>[] = [
  fc.tuple(actor, actor).map(([who, target]) => new Lookup(who, target)),
  fc.tuple(actor, actor).map(([who, target]) => new Subscribe(who, target)),
  fc
    .tuple(actor, fc.constantFrom(...CONTACT_ACTIONS), actor)
    .map(([who, action, other]) => new Contact(who, action, other)),
  fc.tuple(actor, actor).map(([who, callee]) => new Invite(who, callee)),
  fc
    .tuple(actor, fc.constantFrom(...CALL_ACTIONS), fc.nat(3))
    .map(([who, action, pick]) => new CallAction(who, action, pick)),
];

/**
 * Every action, by any actor (the attacker included). fc.commands picks among the entries
 * uniformly, so the online actions are listed three times: a session action comes up about one
 * time in five, enough for every sequence shape, and the sequences stay cheap.
 */
export const ACTIONS: fc.Arbitrary<Action>[] = [
  ...SESSION_ACTIONS,
  ...ONLINE_ACTIONS,
  ...ONLINE_ACTIONS,
  ...ONLINE_ACTIONS,
];

/** Runs one sequence as the next moves of a world's users; a failure retires the world. */
export async function runSequence(shared: SharedDirectory, actions: Iterable<Action>) {
  const world = await shared.nextWorld();
  try {
    world.check();
    await fc.asyncModelRun(() => ({ model: world, real: world }), actions);
    await world.settle();
    world.check();
  } catch (error) {
    world.failed = true;
    // The world's earlier sequences set the stage: print them with the failure.
    const history = world.history.map((step, i) => `  ${i + 1}. ${step}`).join('\n');
    throw new Error(`${(error as Error).message}\nEvery action of this world so far:\n${history}`, {
      cause: error,
    });
  }
}
