import { createConnection, createServer } from 'node:net';
import { Writable } from 'node:stream';
import { Logger as NestLogger } from '@nestjs/common';
import { PinoNestLogger, createLogger, withAppLogger } from './logging';

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
