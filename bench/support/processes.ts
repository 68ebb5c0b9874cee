import { ChildProcess, fork } from 'node:child_process';
import { join } from 'node:path';

/** What a benchmark server child reports once it listens. */
export interface ServerReady {
  url: string;
  pid: number;
}

export interface BenchServer extends ServerReady {
  child: ChildProcess;
  /** Peak resident memory of the child so far, sampled (bytes). */
  peakRss(): Promise<number>;
  /** Memory now (bytes), after a full collection if the child runs with `--expose-gc`. */
  memory(): Promise<{ rss: number; heapUsed: number; external: number; arrayBuffers: number }>;
  /** CPU time (user + system) the child used so far, in µs. */
  cpuMicros(): Promise<number>;
  /** SIGTERM and wait: a clean exit, so a `--cpu-prof` profile gets written. */
  stop(): Promise<void>;
}

export type ServerKind = 'bare' | 'directory' | 'nest-express' | 'nest-fastify';

export interface ServerSpec {
  kind: ServerKind;
  /** Directory: `none`, `all` or a list such as `M1,M5`. */
  mitigations?: string;
  /** Directory: its log level (`info` is the default of `npm start`: one line per request). */
  logLevel?: string;
  /** The JSON body the bare and minimal Nest servers answer with. */
  body?: string;
  /** Extra node flags, e.g. `--cpu-prof`. */
  execArgv?: string[];
}

/**
 * Starts a server in its own process (bench/support/bench-server.ts): the load generator, the
 * server and the benchmark driver never share a CPU-bound event loop.
 */
export function startServer(spec: ServerSpec): Promise<BenchServer> {
  const child = fork(join(__dirname, 'bench-server.js'), [JSON.stringify(spec)], {
    stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
    execArgv: spec.execArgv ?? [],
  });
  const gone = exitOf(child, `the ${spec.kind} server`);
  /** One question over IPC; fails, instead of waiting forever, if the server is gone. */
  const ask = <T>(question: string, pick: (answer: never) => T) =>
    Promise.race([
      new Promise<T>((done, fail) => {
        if (!child.connected) return void gone.then((reason) => fail(new Error(reason)));
        child.once('message', (m) => done(pick(m as never)));
        // A channel that closed meanwhile fails the send, not the process.
        child.send(question, (error) => error && fail(error));
      }),
      gone.then((reason) => Promise.reject(new Error(reason))),
    ]);
  return new Promise((resolve, reject) => {
    void gone.then((reason) => reject(new Error(`${reason} before it listened`)));
    child.once('message', (message) => {
      const ready = message as ServerReady;
      resolve({
        ...ready,
        child,
        peakRss: () => ask('peak-rss', (m: { peakRss: number }) => m.peakRss),
        memory: () => ask('memory', (m: { memory: Awaited<ReturnType<BenchServer['memory']>> }) => m.memory),
        cpuMicros: () => ask('cpu', (m: { cpuMicros: number }) => m.cpuMicros),
        stop: () =>
          new Promise((done) => {
            if (child.exitCode !== null || child.signalCode !== null) return done();
            const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
            child.once('exit', () => (clearTimeout(timer), done()));
            child.kill('SIGTERM');
          }),
      });
    });
  });
}

/**
 * Settles with a sentence once `child` has exited, however it ended (a benchmark's children are
 * asked questions over IPC: one that died must fail the benchmark, not leave it waiting).
 */
function exitOf(child: ChildProcess, what: string): Promise<string> {
  return new Promise((settle) =>
    child.once('exit', (code, signal) =>
      settle(`${what} (pid ${child.pid}) exited ${signal ? `on ${signal}` : `with code ${code}`}`),
    ),
  );
}

/** A worker child (population, presence clients) driven one command at a time over IPC. */
export interface Worker {
  child: ChildProcess;
  ready: Promise<void>;
  send<T>(message: unknown): Promise<T>;
  stop(): Promise<void>;
}

export function startWorker(script: string): Worker {
  const child = fork(join(__dirname, script), [], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  type Reply = { ok: boolean; result?: unknown; error?: string };
  let pending: ((m: Reply) => void) | undefined;
  let stopping = false;
  const gone = exitOf(child, `the ${script} worker`);
  // A worker that dies fails the command it was given (or the next one), with how it ended.
  void gone.then((reason) => pending?.({ ok: false, error: stopping ? 'stopped' : reason }));
  const ready = new Promise<void>(
    (resolve, reject) => (pending = (m) => (m.ok ? resolve() : reject(new Error(m.error)))),
  );
  child.on('message', (m) => pending?.(m as Reply));
  const running = () => child.connected && child.exitCode === null && child.signalCode === null;
  const send = <T>(message: unknown) =>
    new Promise<T>((resolve, reject) => {
      pending = (m) => (m.ok ? resolve(m.result as T) : reject(new Error(m.error)));
      if (running()) child.send(message as never, (error) => error && reject(error));
      else void gone.then((reason) => reject(new Error(reason)));
    });
  return {
    child,
    ready,
    send,
    stop: async () => {
      stopping = true;
      // A clean exit of its own first (so `--cpu-prof` writes its profile), then the signal.
      if (running()) await send('stop').catch(() => undefined);
      await Promise.race([gone, new Promise((done) => setTimeout(done, 2_000).unref())]);
      if (child.exitCode === null && child.signalCode === null) child.kill();
    },
  };
}
