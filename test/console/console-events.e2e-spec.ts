import { readFileSync, writeFileSync } from 'node:fs';
import { createServer, request } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import WebSocket from 'ws';
import { DirectoryClient } from '@lab/directory-client';
import {
  CONSOLE_CSP,
  ConsoleEvents,
  ExerciseCommand,
  MAX_CONSOLE_CLIENTS,
  RunningLab,
  labHostAllowed,
  startLab,
} from '@lab/lab';
import { ConsoleSocket } from '../support/console-socket';
import { printed } from '../support/printed';
import { tempDir, testLabOptions } from '../support/lab-harness';

// The console on the lab port: its files at /, the API beside them unchanged, and the live events
// on ws://…/console/events (hello, solved from any front end, clock, error frames, slow clients).

const ROOT = join(__dirname, '..', '..');

describe('the console on the lab port', () => {
  const dir = tempDir();
  const consoleDir = join(dir.path, 'console');
  let lab: RunningLab;

  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- JSON answers, checked by the assertions
  const api = async (path: string, body?: unknown, headers: Record<string, string> = {}): Promise<any> => {
    const response = await fetch(`${lab.server.url}${path}`, {
      method: body === undefined ? 'GET' : 'POST',
      headers: body === undefined ? headers : { 'content-type': 'application/json', ...headers },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    return { status: response.status, body: await response.json() };
  };

  /** Solves "meet the directory": creates the drawn account, as a participant does with curl. */
  const createDrawnAccount = async () => {
    const { body } = await api('/workshop/exercises/meet-the-directory');
    const username = /account (\S+) and/.exec(body.goal)![1];
    const client = new DirectoryClient({ baseUrl: lab.world.directories.get('vulnerable')!.running.url });
    await client.register(username, 'console-test-password');
    client.close();
    return username;
  };

  beforeAll(async () => {
    const { mkdirSync } = await import('node:fs');
    mkdirSync(consoleDir);
    lab = await startLab({ ...testLabOptions(join(dir.path, 'data')), consoleDir });
  }, 30_000);
  afterAll(async () => {
    await lab?.stop();
    dir.remove();
  });

  it('says the console is not built until index.html exists, then serves it and its files', async () => {
    const missing = await fetch(`${lab.server.url}/`);
    expect(missing.status).toBe(404);
    expect(await missing.json()).toMatchObject({
      code: 'console_not_built',
      message: expect.stringContaining('run npm run build'),
      requestId: expect.any(String),
    });
    writeFileSync(join(consoleDir, 'index.html'), '<!doctype html><title>console</title>');
    writeFileSync(join(consoleDir, 'app.js'), 'console.log("lab")');
    const page = await fetch(`${lab.server.url}/`);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toContain('text/html');
    expect(await page.text()).toBe('<!doctype html><title>console</title>');
    const script = await fetch(`${lab.server.url}/app.js`);
    expect(script.headers.get('content-type')).toContain('javascript');
    expect(await script.text()).toBe('console.log("lab")');
  });

  it('keeps every API route as it was, and the JSON 404 for unknown paths', async () => {
    expect((await api('/status')).body).toMatchObject({ directories: expect.any(Array) });
    expect((await api('/clock')).body).toMatchObject({ labTime: expect.any(String) });
    expect((await api('/workshop/exercises')).body.exercises).toHaveLength(14);
    expect((await api('/.well-known/lastseen-lab')).body).toMatchObject({ service: 'lab' });
    const docs = (await api('/docs-json')).body;
    expect(Object.keys(docs.paths)).toEqual(
      expect.arrayContaining([
        '/status',
        '/console/api/jobs',
        '/console/api/jobs/{id}',
        '/console/api/fixes',
        '/console/api/source',
      ]),
    );
    for (const path of ['/nope', '/console/api/nope', '/app.js/x', '/index.html/x']) {
      expect({ path, ...(await api(path)) }).toMatchObject({
        path,
        status: 404,
        body: { statusCode: 404, code: 'route_not_found' },
      });
    }
  });

  it('shows each mitigation beside the vulnerable hooks it replaces, read from the files now', async () => {
    const { status, body } = await api('/console/api/fixes');
    expect(status).toBe(200);
    expect(body.map((f: { id: string }) => f.id)).toEqual(['M1', 'M2', 'M3', 'M4', 'M5', 'M6']);
    const m3 = body.find((f: { id: string }) => f.id === 'M3');
    expect(m3).toMatchObject({
      file: 'apps/directory/src/mitigations/m3-consent-gated-signalling.ts',
      code: readFileSync(join(ROOT, 'apps/directory/src/mitigations/m3-consent-gated-signalling.ts'), 'utf8'),
      replaces: [
        {
          hook: 'candidatesIn',
          file: 'apps/directory/src/policy/vulnerable.policy.ts',
          code: expect.stringContaining("candidatesIn: () => 'forward',"),
        },
      ],
    });
  });

  it('serves the allowlisted source files and refuses traversal, other files and odd queries', async () => {
    const path = 'apps/directory/src/mitigations/m2-contact-gated-presence.ts';
    expect(await api(`/console/api/source?path=${encodeURIComponent(path)}`)).toEqual({
      status: 200,
      body: { path, code: readFileSync(join(ROOT, path), 'utf8') },
    });
    const listed = await api('/console/api/source');
    expect(listed.body.files).toContain('apps/resolver/src/attacks/probe-call.ts');
    for (const query of [
      'path=../package.json',
      'path=..%2Fpackage.json',
      `path=${encodeURIComponent('apps/resolver/src/attacks/../../../../package.json')}`,
      'path=%2Fetc%2Fpasswd',
      'path=package.json',
      'path=apps/lab/src/config/lab.config.ts',
      'path=apps/directory/src/mitigations/m2-contact-gated-presence.spec.ts',
      'path=a&path=b',
      'path=',
    ]) {
      const answer = await api(`/console/api/source?${query}`);
      expect({ query, status: answer.status, code: answer.body.code }).toEqual({
        query,
        status: 400,
        code: 'source_not_allowed',
      });
      expect(JSON.stringify(answer.body)).not.toContain('"name": "lastseen-lab"');
    }
  });

  it('greets a client with the instance and the lab time, and answers its messages with an error frame', async () => {
    const socket = await ConsoleSocket.open(lab.server.url);
    const hello = await socket.next((f) => f.type === 'hello');
    expect(hello).toEqual({
      type: 'hello',
      instance: lab.workshop.instance.fingerprint,
      labTime: expect.stringMatching(/^day 1, \d\d:\d\d$/),
      labMinutes: expect.any(Number),
    });
    socket.ws.send('{"event":"subscribe"}');
    socket.ws.send(Buffer.from([1, 2, 3]));
    await socket.next((f) => f.type === 'error' && /binary/.test(f.message));
    expect(socket.frames.filter((f) => f.type === 'error')).toEqual([
      { type: 'error', code: 'client_messages_not_accepted', message: expect.stringContaining('text frame') },
      { type: 'error', code: 'client_messages_not_accepted', message: expect.stringContaining('binary') },
    ]);
    // Still open: the clock change below reaches it.
    expect((await api('/clock', { speed: 120 })).status).toBe(200);
    expect(await socket.next((f) => f.type === 'clock' && f.speed === 120)).toMatchObject({
      paused: false,
      labTime: expect.any(String),
    });
    await socket.close();
  });

  /** A GET with a Host header of our choosing (fetch will not send one), over a real socket. */
  const getWithHost = (path: string, host: string) =>
    new Promise<{ status: number; headers: Record<string, unknown>; body: string }>((resolve, reject) => {
      const url = new URL(lab.server.url);
      const req = request({ host: url.hostname, port: url.port, path, headers: { host } }, (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => (body += chunk));
        res.on('end', () => resolve({ status: res.statusCode!, headers: res.headers, body }));
      });
      req.on('error', reject);
      req.end();
    });

  it('refuses HTTP requests for a rebound name (Host not the lab), and says where to open the console', async () => {
    const port = new URL(lab.server.url).port;
    for (const path of ['/status', '/workshop/exercises', '/docs-json', '/']) {
      const refused = await getWithHost(path, `evil.test:${port}`);
      expect(refused.status).toBe(403);
      expect(JSON.parse(refused.body)).toMatchObject({
        code: 'host_not_allowed',
        message: expect.stringContaining(`Open the console at http://127.0.0.1:${port}/`),
        requestId: expect.any(String),
      });
    }
    // The right name on another port is refused too: the port is part of the origin.
    expect((await getWithHost('/status', '127.0.0.1:1')).status).toBe(403);
    // Positive controls: the lab's own names are admitted.
    for (const host of [`127.0.0.1:${port}`, `localhost:${port}`, `LOCALHOST:${port}`]) {
      const admitted = await getWithHost('/status', host);
      expect(admitted.status).toBe(200);
      expect(JSON.parse(admitted.body)).toMatchObject({ directories: expect.any(Array) });
    }
  });

  it('admits only its own names when bound to loopback, and IP literals when bound elsewhere', () => {
    expect(labHostAllowed('[::1]:7000', 7000, '127.0.0.1')).toBe(true);
    expect(labHostAllowed('127.0.0.5:7000', 7000, '127.0.0.5')).toBe(true);
    expect(labHostAllowed('lab.local:7000', 7000, 'lab.local')).toBe(true);
    expect(labHostAllowed('evil.test:7000', 7000, '127.0.0.1')).toBe(false);
    expect(labHostAllowed('127.0.0.5:7000', 7000, '127.0.0.1')).toBe(false);
    expect(labHostAllowed(undefined, 7000, '127.0.0.1')).toBe(false);
    expect(labHostAllowed('127.0.0.1:7000@evil.test', 7000, '127.0.0.1')).toBe(false);
    // LAB_HOST=0.0.0.0 with LAB_ALLOW_NON_LOOPBACK=1: the machine's address is admitted, a name is not.
    expect(labHostAllowed('10.1.2.3:7000', 7000, '0.0.0.0')).toBe(true);
    expect(labHostAllowed('evil.test:7000', 7000, '0.0.0.0')).toBe(false);
  });

  it('sends the browser hardening headers on the console, its files, the API and the refusals', async () => {
    const port = new URL(lab.server.url).port;
    for (const path of ['/', '/app.js', '/status']) {
      const response = await fetch(`${lab.server.url}${path}`);
      expect(response.status).toBe(200);
      expect(response.headers.get('content-security-policy')).toBe(CONSOLE_CSP);
      expect(response.headers.get('x-content-type-options')).toBe('nosniff');
      expect(response.headers.get('referrer-policy')).toBe('no-referrer');
    }
    const refused = await getWithHost('/', `evil.test:${port}`);
    expect(refused.headers['x-content-type-options']).toBe('nosniff');
    // Swagger UI styles itself inline: /docs allows that, and nothing else more.
    const docs = await fetch(`${lab.server.url}/docs`);
    expect(docs.status).toBe(200);
    expect(docs.headers.get('content-security-policy')).toBe(
      CONSOLE_CSP.replace("style-src 'self'", "style-src 'self' 'unsafe-inline'"),
    );
  });

  it('refuses a WebSocket whose Host is a rebound name, even with a matching Origin', async () => {
    const port = new URL(lab.server.url).port;
    const rebound = new WebSocket(`${lab.server.url.replace('http', 'ws')}/console/events`, {
      headers: { host: `evil.test:${port}`, origin: `http://evil.test:${port}` },
    });
    const refused = await new Promise<{ status?: number; body: string }>((resolve) =>
      rebound.once('unexpected-response', (_req, res) => {
        let body = '';
        res.on('data', (chunk: Buffer) => (body += String(chunk)));
        res.on('end', () => resolve({ status: res.statusCode, body }));
      }),
    );
    expect(refused.status).toBe(403);
    expect(JSON.parse(refused.body)).toMatchObject({
      code: 'host_not_allowed',
      message: expect.stringContaining(`http://127.0.0.1:${port}/`),
    });
    // Positive control: the same request under the lab's own name is let in.
    const own = await ConsoleSocket.open(lab.server.url, {
      host: `localhost:${port}`,
      origin: `http://localhost:${port}`,
    });
    await own.next((f) => f.type === 'hello');
    await own.close();
  });

  it('pings its clients and cuts off one that stops answering, keeping the one that answers', async () => {
    const http = createServer();
    const events = new ConsoleEvents(lab.world.clock, () => 'instance', undefined, { pingEveryMs: 150 });
    events.attach(http);
    await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
    const url = `ws://127.0.0.1:${(http.address() as AddressInfo).port}/console/events`;
    const open = async (autoPong: boolean) => {
      const ws = new WebSocket(url, { autoPong });
      await new Promise((resolve, reject) => ws.once('open', resolve).once('error', reject));
      return ws;
    };
    try {
      const answering = await open(true);
      const silent = await open(false);
      let pings = 0;
      silent.on('ping', () => pings++);
      const code = await new Promise<number>((resolve) => silent.once('close', resolve));
      expect(pings).toBeGreaterThanOrEqual(1);
      expect(code).toBe(1006); // terminated, no close frame
      // Positive control: the client that answers its pings is still there, after the same pings.
      expect(answering.readyState).toBe(WebSocket.OPEN);
      expect(events.clientCount).toBe(1);
      answering.close();
    } finally {
      await events.close();
      await new Promise((resolve) => http.close(resolve));
    }
  });

  it(`admits ${MAX_CONSOLE_CLIENTS} consoles, refuses the next with a reason, and admits it again once one leaves`, async () => {
    const admitted = await Promise.all(
      Array.from({ length: MAX_CONSOLE_CLIENTS }, async () => {
        const socket = await ConsoleSocket.open(lab.server.url);
        await socket.next((f) => f.type === 'hello');
        return socket;
      }),
    );
    try {
      const refused = await ConsoleSocket.open(lab.server.url);
      const closed = new Promise<number>((resolve) => refused.ws.once('close', (code) => resolve(code)));
      expect(await refused.next((f) => f.type === 'error')).toMatchObject({ code: 'too_many_clients' });
      expect(await closed).toBe(1013);
      expect(refused.frames.some((f) => f.type === 'hello')).toBe(false);
      // Positive control: with one tab closed, a new console is greeted again.
      await admitted.pop()!.close();
      const again = await ConsoleSocket.open(lab.server.url);
      await again.next((f) => f.type === 'hello');
      admitted.push(again);
    } finally {
      await Promise.all(admitted.map((socket) => socket.close()));
    }
  });

  it('refuses a WebSocket from another origin and on another path', async () => {
    const host = new URL(lab.server.url).host;
    await expect(ConsoleSocket.open(lab.server.url, { origin: 'http://evil.example' })).rejects.toThrow(
      'HTTP 403',
    );
    // Positive control: the console's own origin is let in.
    const own = await ConsoleSocket.open(lab.server.url, { origin: `http://${host}` });
    await own.next((f) => f.type === 'hello');
    await own.close();
    const other = new WebSocket(`${lab.server.url.replace('http', 'ws')}/ws`);
    const status = await new Promise((resolve) =>
      other.once('unexpected-response', (_req, res) => resolve(res.statusCode)),
    );
    expect(status).toBe(404);
  });

  it('announces the first solve of an exercise checked over HTTP, once, with the front end that ran it', async () => {
    const socket = await ConsoleSocket.open(lab.server.url);
    const username = await createDrawnAccount();
    const wrong = await api('/workshop/exercises/meet-the-directory/check', { answer: 'not-the-password' });
    expect(wrong.body.solved).toBe(false);
    const check = await api(
      '/workshop/exercises/meet-the-directory/check',
      { answer: 'console-test-password' },
      { 'x-lab-client': 'console' },
    );
    expect(check.body.solved).toBe(true);
    expect(await socket.next((f) => f.type === 'solved')).toEqual({
      type: 'solved',
      id: 'meet-the-directory',
      title: 'Meet the directory',
      solvedAt: check.body.solvedAt,
      via: 'console',
    });
    // Solving it again is not news; a later event (the clock) proves the socket still listened.
    await api('/workshop/exercises/meet-the-directory/check', { answer: 'console-test-password' });
    await api('/clock', { paused: true });
    await socket.next((f) => f.type === 'clock' && f.paused === true);
    await api('/clock', { paused: false });
    expect(socket.frames.filter((f) => f.type === 'solved')).toHaveLength(1);
    expect(username).toMatch(/-\d+$/);
    await socket.close();
  });

  it('announces a solve from the command line (npm run lab -- exercise check) as via cli', async () => {
    await api('/workshop/exercises/meet-the-directory/reset', {});
    const socket = await ConsoleSocket.open(lab.server.url);
    await createDrawnAccount();
    const out = await printed(() =>
      new ExerciseCommand().run(['check', 'meet-the-directory', 'console-test-password'], {
        lab: lab.server.url,
        json: true,
      }),
    );
    expect(JSON.parse(out)).toMatchObject({ solved: true });
    expect(await socket.next((f) => f.type === 'solved')).toMatchObject({
      id: 'meet-the-directory',
      via: 'cli',
    });
    await socket.close();
  });

  it('cuts off a client that stops reading, and keeps sending to the others', async () => {
    const slow = await ConsoleSocket.open(lab.server.url);
    const quick = await ConsoleSocket.open(lab.server.url);
    await slow.next((f) => f.type === 'hello');
    await quick.next((f) => f.type === 'hello');
    // The slow laptop stops reading its socket: the kernel buffers fill, then the server's.
    (slow.ws as unknown as { _socket: { pause(): void } })._socket.pause();
    const closed = new Promise<number>((resolve) => slow.ws.once('close', (code) => resolve(code)));
    const padding = 'x'.repeat(64 * 1024);
    for (let i = 0; i < 200; i++) {
      lab.server.events.broadcast({ type: 'error', code: 'padding', message: `${i} ${padding}` });
      await new Promise((resolve) => setImmediate(resolve));
    }
    (slow.ws as unknown as { _socket: { resume(): void } })._socket.resume();
    await closed;
    await quick.next((f) => f.type === 'error' && f.message.startsWith('199 '));
    expect(quick.frames.filter((f) => f.code === 'padding')).toHaveLength(200);
    expect(slow.frames.filter((f) => f.code === 'padding').length).toBeLessThan(200);
    expect(lab.server.events.clientCount).toBe(1);
    await quick.close();
  }, 20_000);
});
