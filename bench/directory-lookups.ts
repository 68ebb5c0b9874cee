/**
 * Directory hot paths, measured: profile lookups (REST) against a bare Node HTTP server's ceiling,
 * and heartbeats (WebSocket). The directory and the bare server each run in a child process; the
 * load comes from this one. Prints medians of several rounds and their ratio; asserts nothing.
 *
 *   npm run bench:lookups [-- --users 1000 --online 200 --seconds 3 --rounds 5 --concurrency 64]
 */
import { ChildProcess, fork } from 'node:child_process';
import { Agent, request } from 'node:http';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { DirectoryClient, PresenceSocket } from '@lab/directory-client';

const { values } = parseArgs({
  options: {
    users: { type: 'string', default: '1000' },
    online: { type: 'string', default: '200' },
    seconds: { type: 'string', default: '3' },
    rounds: { type: 'string', default: '5' },
    concurrency: { type: 'string', default: '64' },
    mitigations: { type: 'string', default: 'none' },
  },
});
const USERS = Number(values.users);
const ONLINE = Math.min(USERS, Number(values.online));
const SECONDS = Number(values.seconds);
const ROUNDS = Number(values.rounds);
const CONCURRENCY = Number(values.concurrency);
const DIRECTORY_PORT = 7090;
/** Every benchmark user is a phone behind the lab's carrier-grade NAT (SkyMobile, 192.0.2.5). */
const CGNAT_ADDRESS = '127.0.2.5';
const BARE_PORT = 7091;

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const progress = (text: string) => process.stderr.write(`\r${text}`.padEnd(70));

function start(script: string, args: string[], env: Record<string, string>): Promise<ChildProcess> {
  return new Promise((resolve, reject) => {
    const child = fork(script, args, {
      env: { ...process.env, ...env },
      stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
    });
    child.once('message', () => resolve(child));
    child.once('exit', (code) => reject(new Error(`${script} exited with ${code}`)));
  });
}

async function waitForHttp(port: number) {
  for (let i = 0; i < 100; i++) {
    const ok = await new Promise<boolean>((resolve) =>
      request({ host: '127.0.0.1', port, path: '/healthz' }, (res) =>
        resolve(res.statusCode === 200 || res.statusCode === 404),
      )
        .on('error', () => resolve(false))
        .end(),
    );
    if (ok) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`nothing answers on port ${port}`);
}

/** Closed-loop load: CONCURRENCY requests in flight for SECONDS; returns requests per second. */
async function load(
  port: number,
  path: (i: number) => string,
  headers: Record<string, string>,
): Promise<number> {
  const agent = new Agent({ keepAlive: true, maxSockets: CONCURRENCY, localAddress: '127.0.113.200' });
  const deadline = Date.now() + SECONDS * 1000;
  let done = 0;
  let failed = 0;
  const worker = async (w: number) => {
    for (let i = w; Date.now() < deadline; i += CONCURRENCY) {
      await new Promise<void>((resolve) => {
        request({ host: '127.0.0.1', port, path: path(i), headers, agent }, (res) => {
          if (res.statusCode !== 200) failed++;
          res.resume();
          res.on('end', () => resolve());
        })
          .on('error', () => (failed++, resolve()))
          .end();
      });
      done++;
    }
  };
  const started = Date.now();
  await Promise.all(Array.from({ length: CONCURRENCY }, (_, w) => worker(w)));
  agent.destroy();
  if (failed) throw new Error(`${failed} of ${done} requests failed`);
  return done / ((Date.now() - started) / 1000);
}

async function main() {
  const dist = join(__dirname, '..');
  const directoryChild = fork(join(dist, 'apps/directory/src/main.js'), [], {
    env: {
      ...process.env,
      DIRECTORY_PORT: String(DIRECTORY_PORT),
      DIRECTORY_DATABASE: ':memory:',
      DIRECTORY_MITIGATIONS: values.mitigations!,
      DIRECTORY_SCRYPT_COST: '1024',
      LOG_LEVEL: 'warn',
    },
    stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
  });
  const bare = await start(join(__dirname, 'bare-server.js'), [String(BARE_PORT)], {});
  try {
    await waitForHttp(DIRECTORY_PORT);
    const base = `http://127.0.0.1:${DIRECTORY_PORT}`;
    for (let i = 0; i < USERS; i++) {
      const c = new DirectoryClient({
        baseUrl: base,
        localAddress: CGNAT_ADDRESS,
      });
      await c.register(`user${i}`, 'bench-password');
      c.close();
      if (i % 100 === 0) progress(`registering users: ${i}/${USERS}`);
    }
    const sockets: PresenceSocket[] = [];
    for (let i = 0; i < ONLINE; i++) {
      const c = new DirectoryClient({
        baseUrl: base,
        localAddress: CGNAT_ADDRESS,
      });
      await c.login(`user${i}`, 'bench-password');
      sockets.push(await c.openSocket({ localAddresses: ['192.168.77.20'], heartbeat: false }));
      if (i % 50 === 0) progress(`bringing users online: ${i}/${ONLINE}`);
    }
    const attacker = new DirectoryClient({ baseUrl: base, localAddress: '127.0.113.200' });
    await attacker.register('attacker', 'bench-password');
    const { token } = await attacker.login('attacker', 'bench-password');
    const auth = { authorization: `Bearer ${token}` };

    const lookups: number[] = [];
    const ceiling: number[] = [];
    for (let r = 0; r < ROUNDS; r++) {
      progress(`round ${r + 1}/${ROUNDS}: directory lookups`);
      lookups.push(await load(DIRECTORY_PORT, (i) => `/users/user${i % ONLINE}`, auth));
      progress(`round ${r + 1}/${ROUNDS}: bare Node server`);
      ceiling.push(await load(BARE_PORT, () => '/', {}));
    }

    // Heartbeats: every online socket sends 200, the directory answers each.
    const heartbeats: number[] = [];
    for (let r = 0; r < ROUNDS; r++) {
      progress(`round ${r + 1}/${ROUNDS}: heartbeats`);
      const per = 200;
      const started = Date.now();
      await Promise.all(
        sockets.map(async (s) => {
          let acks = 0;
          const all = new Promise<void>((resolve) => s.on('heartbeat', () => ++acks === per && resolve()));
          for (let i = 0; i < per; i++) s.send('heartbeat', {});
          await all;
          s.removeAllListeners('heartbeat');
        }),
      );
      heartbeats.push((sockets.length * per) / ((Date.now() - started) / 1000));
    }
    progress('');
    process.stderr.write('\r');
    const rows = [
      ['profile lookups (REST, keep-alive)', median(lookups)],
      ['bare Node http server, same body', median(ceiling)],
      ['heartbeats (WebSocket, acknowledged)', median(heartbeats)],
    ] as const;
    console.log(
      `directory hot paths — ${USERS} users, ${ONLINE} online, mitigations: ${values.mitigations}, ` +
        `${CONCURRENCY} in flight, median of ${ROUNDS} rounds of ${SECONDS} s, node ${process.version}`,
    );
    for (const [name, value] of rows)
      console.log(`  ${name.padEnd(40)} ${Math.round(value).toString().padStart(8)} /s`);
    console.log(
      `  lookups reach ${((median(lookups) / median(ceiling)) * 100).toFixed(0)} % of the bare server's rate`,
    );
    await Promise.all(sockets.map((s) => s.close()));
    attacker.close();
  } finally {
    directoryChild.kill();
    bare.kill();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
