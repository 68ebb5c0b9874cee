/**
 * The simulated population of the tracking study, in its own process (each process may hold only
 * so many open files, and the population's sockets must not share an event loop with the attacker
 * or the directory). Driven by the study over IPC:
 *   { init: { url, count, seed } }  sign every user up, from their home address
 *   { hour: n }                      put every user on the network their routine says for lab
 *                                    hour n (a real WebSocket from that network's loopback address)
 *   'peak-rss'                       its peak memory
 *   'cpu'                            the CPU time it used so far (user + system, µs)
 * Each command is answered with one message when done.
 */
import {
  AddressPlan,
  LARGE_POPULATION_PLAN_PATH,
  Persona,
  generatePersonas,
  loadPlan,
} from '@lab/address-plan';
import { DirectoryClient, PresenceSocket } from '@lab/directory-client';
import type { NetworkSlot } from '@lab/address-plan';

interface User {
  persona: Persona;
  token: string;
  slot: NetworkSlot | 'offline';
  socket?: PresenceSocket;
}

let plan: AddressPlan;
let baseUrl: string;
/** In the seeded order of `generatePersonas`, as the study has them. */
const users: User[] = [];
let peakRss = process.memoryUsage.rss();
setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage.rss())), 200).unref();

/** Runs `work` over `items`, `width` at a time. */
async function inParallel<T>(items: readonly T[], width: number, work: (item: T) => Promise<void>) {
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(width, items.length) }, async () => {
      while (next < items.length) await work(items[next++]);
    }),
  );
}

async function init(url: string, count: number, seed: number) {
  plan = loadPlan(LARGE_POPULATION_PLAN_PATH);
  baseUrl = url;
  const personas = generatePersonas(plan, count, seed);
  await inParallel([...personas.keys()], 16, async (index) => {
    const persona = personas[index];
    const home = persona.networks.home ?? persona.networks.mobile!;
    const client = new DirectoryClient({ baseUrl, localAddress: home.loopbackAddress });
    const { token } = await client.signUp(persona.username, 'bench-password-2011', persona.displayName);
    client.close();
    users[index] = { persona, token, slot: 'offline' };
  });
  return { users: users.length };
}

/** Moves in flight at once: enough to keep the directory busy while sockets wait on handshakes. */
const MOVES_IN_FLIGHT = 128;

async function moveTo(user: User, slot: NetworkSlot | 'offline') {
  const previous = user.socket;
  user.socket = undefined;
  user.slot = slot;
  const network = slot === 'offline' ? undefined : user.persona.networks[slot];
  // Going offline: close, and wait until the directory has seen the socket close.
  if (!network) return previous && void (await previous.close());
  // Changing networks: the new socket replaces the old one. The directory keeps one live
  // connection per user and closes the older one itself (WsCloseCode.Replaced) once the new one
  // is authenticated, as it would for a phone that left its Wi-Fi: closing it from here as well
  // would only make the directory mark the user offline, then online again, for nothing.
  const url = new URL('/ws', baseUrl);
  url.protocol = 'ws:';
  const socket = new PresenceSocket({
    url: url.href,
    token: user.token,
    localAddress: network.loopbackAddress,
    localAddresses: [user.persona.lan[slot as NetworkSlot]!],
  });
  // Opened: welcomed from the new address and its LAN address recorded, so the directory's
  // answer about this user is now the new network's.
  await socket.opened;
  user.socket = socket;
}

async function hour(n: number) {
  const minute = (n % 24) * 60;
  const moving = users
    .map((user) => ({ user, slot: plan.slotAt(user.persona, minute) }))
    .filter(({ user, slot }) => slot !== user.slot);
  await inParallel(moving, MOVES_IN_FLIGHT, ({ user, slot }) => moveTo(user, slot));
  return { moves: moving.length };
}

process.on('message', (message: unknown) => {
  const reply = (work: Promise<unknown>) =>
    work.then(
      (result) => process.send?.({ ok: true, result }),
      (error: unknown) => process.send?.({ ok: false, error: String((error as Error)?.stack ?? error) }),
    );
  if (message === 'peak-rss') {
    void reply(Promise.resolve({ peakRss: Math.max(peakRss, process.resourceUsage().maxRSS * 1024) }));
  } else if (message === 'cpu') {
    const { user, system } = process.cpuUsage();
    void reply(Promise.resolve({ cpuMicros: user + system }));
  } else if (message === 'stop') {
    void reply(Promise.all(users.map((u) => u.socket?.close()))).then(() => process.exit(0));
  } else if (typeof message === 'object' && message && 'init' in message) {
    const { url, count, seed } = (message as { init: { url: string; count: number; seed: number } }).init;
    void reply(init(url, count, seed));
  } else if (typeof message === 'object' && message && 'hour' in message) {
    void reply(hour((message as { hour: number }).hour));
  }
});
process.on('disconnect', () => process.exit(0));
process.send?.({ ok: true, result: 'ready' });
