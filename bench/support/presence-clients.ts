/**
 * One process of presence-scale clients (a process may hold only so many open files). Each client
 * is a generated user of plan/large-population.yaml, connecting from its own home address's
 * loopback mirror, with heartbeats at the interval the directory asks for. Driven over IPC:
 *   { init: { url, from, count, seed } }  sign the users up
 *   'connect'                              open every WebSocket
 *   { subscribe: username }                every client subscribes to that user's presence
 *   { expect: marker }                     start timing frames that carry the marker LAN address
 *   'collect'                              when each client got it (epoch ms, fractional)
 */
import { performance } from 'node:perf_hooks';
import { LARGE_POPULATION_PLAN_PATH, Persona, generatePersonas, loadPlan } from '@lab/address-plan';
import { DirectoryClient, PresenceSocket } from '@lab/directory-client';
import type { ServerEvents } from '@lab/protocol';

interface Client {
  persona: Persona;
  token: string;
  socket?: PresenceSocket;
  receivedAt?: number;
}

const clients: Client[] = [];
let baseUrl: string;
let marker: string | undefined;
const now = () => performance.timeOrigin + performance.now();

async function inParallel<T>(items: readonly T[], width: number, work: (item: T) => Promise<void>) {
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(width, items.length) }, async () => {
      while (next < items.length) await work(items[next++]);
    }),
  );
}

async function init(url: string, from: number, count: number, seed: number) {
  baseUrl = url;
  const plan = loadPlan(LARGE_POPULATION_PLAN_PATH);
  const personas = generatePersonas(plan, from + count, seed).slice(from);
  await inParallel(personas, 16, async (persona) => {
    const client = new DirectoryClient({ baseUrl, localAddress: persona.networks.home!.loopbackAddress });
    const { token } = await client.signUp(persona.username, 'bench-password-2011');
    client.close();
    clients.push({ persona, token });
  });
  return { clients: clients.length };
}

async function connect() {
  const url = new URL('/ws', baseUrl);
  url.protocol = 'ws:';
  await inParallel(clients, 64, async (client) => {
    const socket = new PresenceSocket({
      url: url.href,
      token: client.token,
      localAddress: client.persona.networks.home!.loopbackAddress,
      localAddresses: [client.persona.lan.home!],
    });
    await socket.opened;
    socket.on('presence', (data: ServerEvents['presence']) => {
      if (marker && client.receivedAt === undefined && data.localAddresses?.includes(marker))
        client.receivedAt = now();
    });
    client.socket = socket;
  });
  return { open: clients.filter((c) => c.socket).length };
}

async function subscribe(username: string) {
  await inParallel(clients, 64, async (client) => {
    const first = client.socket!.waitFor('presence', (d) => d.username === username, { timeoutMs: 60_000 });
    client.socket!.send('presence.subscribe', { username });
    await first;
  });
  return { subscribed: clients.length };
}

async function collect() {
  const deadline = Date.now() + 60_000;
  while (clients.some((c) => c.receivedAt === undefined) && Date.now() < deadline)
    await new Promise((r) => setTimeout(r, 20));
  return { receivedAt: clients.map((c) => c.receivedAt ?? null) };
}

process.on('message', (message: unknown) => {
  const reply = (work: Promise<unknown>) =>
    work.then(
      (result) => process.send?.({ ok: true, result }),
      (error: unknown) => process.send?.({ ok: false, error: String((error as Error)?.stack ?? error) }),
    );
  const m = message as Record<string, never>;
  if (message === 'connect') void reply(connect());
  else if (message === 'collect') void reply(collect());
  else if (message === 'stop')
    void reply(Promise.all(clients.map((c) => c.socket?.close()))).then(() => process.exit(0));
  else if (m.init) {
    const { url, from, count, seed } = m.init as { url: string; from: number; count: number; seed: number };
    void reply(init(url, from, count, seed));
  } else if (m.subscribe) void reply(subscribe(m.subscribe));
  else if (m.expect) {
    marker = m.expect;
    for (const c of clients) c.receivedAt = undefined;
    void reply(Promise.resolve('armed'));
  }
});
process.on('disconnect', () => process.exit(0));
process.send?.({ ok: true, result: 'ready' });
