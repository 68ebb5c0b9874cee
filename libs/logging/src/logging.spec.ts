import { createServer as createHttpServer } from 'node:http';
import { createConnection, createServer } from 'node:net';
import { Writable } from 'node:stream';
import { Logger as NestLogger } from '@nestjs/common';
import { PinoNestLogger, createHttpLogger, createLogger, withAppLogger } from './logging';

class Lines extends Writable {
  readonly services: string[] = [];
  override _write(chunk: Buffer, _encoding: string, done: () => void) {
    for (const line of chunk.toString().split('\n').filter(Boolean)) {
      this.services.push((JSON.parse(line) as { service: string }).service);
    }
    done();
  }
}

describe("Nest's logger, one per process, with several apps in it", () => {
  afterEach(() => NestLogger.overrideLogger(false));

  it('names the app whose server handled the connection, whichever app set the logger last', async () => {
    const first = new Lines();
    const last = new Lines();
    const firstLogger = createLogger({ service: 'first', version: '0', level: 'warn', destination: first });
    const lastLogger = createLogger({ service: 'last', version: '0', level: 'warn', destination: last });
    // What NestFactory.create does for every app: the last one wins, process-wide.
    NestLogger.overrideLogger(new PinoNestLogger(firstLogger));
    NestLogger.overrideLogger(new PinoNestLogger(lastLogger));

    const nestLogger = new NestLogger('Probe');
    const server = await withAppLogger(
      firstLogger,
      () =>
        new Promise<ReturnType<typeof createServer>>((resolve) => {
          const s = createServer((socket) => {
            nestLogger.warn('a connection of the first app');
            socket.end();
          });
          s.listen(0, '127.0.0.1', () => resolve(s));
        }),
    );
    // The client connects from outside any app's work, as a real client would.
    const { port } = server.address() as { port: number };
    await new Promise<void>((resolve) =>
      createConnection(port, '127.0.0.1')
        .on('close', () => resolve())
        .resume(),
    );
    nestLogger.warn('outside any app');
    await new Promise<void>((resolve) => server.close(() => resolve()));

    expect(first.services).toEqual(['first']);
    // Control: outside any app's work the process-wide logger (the last one set) still writes.
    expect(last.services).toEqual(['last']);
  });
});

describe('the request logger', () => {
  class Collected extends Writable {
    readonly lines: Record<string, unknown>[] = [];
    override _write(chunk: Buffer, _encoding: string, done: () => void) {
      for (const line of chunk.toString().split('\n').filter(Boolean)) this.lines.push(JSON.parse(line));
      done();
    }
  }

  /** A server whose every request goes through the request logger first, as in every lab app. */
  async function serve(level: string) {
    const lines = new Collected();
    const log = createHttpLogger(createLogger({ service: 'probe', version: '0', level, destination: lines }));
    const server = createHttpServer((req, res) =>
      log(req, res, () => {
        res.statusCode = req.url === '/fault' ? 500 : 200;
        res.end('{}');
      }),
    );
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as { port: number };
    const get = async (path: string, headers: Record<string, string> = {}) => {
      const response = await fetch(`http://127.0.0.1:${port}${path}`, { headers });
      await response.text();
      return response;
    };
    const close = () => new Promise<void>((resolve) => server.close(() => resolve()));
    return { lines: lines.lines, get, close };
  }

  it("writes one line per request, pino-http's shape, with the request as it arrived and the lab's rules", async () => {
    const { lines, get, close } = await serve('info');
    const response = await get('/users/alice?access_token=secret', {
      authorization: 'Bearer secret',
      'x-forwarded-for': '192.0.2.99',
      'x-request-id': 'probe-1',
    });
    await close();
    expect(response.headers.get('x-request-id')).toBe('probe-1');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatchObject({
      level: 30,
      service: 'probe',
      req: {
        id: 'probe-1',
        method: 'GET',
        url: '/users/alice?access_token=[redacted]',
        headers: { authorization: '[redacted]', 'x-request-id': 'probe-1' },
        // 127.0.0.1 is the participant's own machine, not a lab address.
        remoteAddress: 'outside-lab',
      },
      res: { statusCode: 200 },
      msg: 'request completed',
    });
    expect(typeof lines[0].responseTime).toBe('number');
    expect(JSON.stringify(lines)).not.toContain('secret');
    expect(JSON.stringify(lines)).not.toContain('192.0.2.99');
  });

  it('below its level writes nothing for an answered request, and still writes a server fault', async () => {
    const { lines, get, close } = await serve('warn');
    await get('/users/alice');
    await get('/fault', { 'x-request-id': 'probe-2' });
    await close();
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatchObject({
      level: 50,
      req: { id: 'probe-2', url: '/fault' },
      res: { statusCode: 500 },
      err: { message: 'failed with status code 500' },
      msg: 'request errored',
    });
  });

  it('leaves health checks out, and gives them a request id all the same', async () => {
    const { lines, get, close } = await serve('info');
    const health = await get('/healthz');
    await get('/users/alice');
    await close();
    expect(health.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
    expect(lines.map((line) => (line.req as { url: string }).url)).toEqual(['/users/alice']);
  });
});
