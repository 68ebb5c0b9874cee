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
  return new Promise((resolve, reject) => {
    const failed = (code: number | null) =>
      reject(new Error(`the ${spec.kind} server exited with ${code} before it listened`));
    child.once('exit', failed);
    child.once('message', (message) => {
      child.off('exit', failed);
      const ready = message as ServerReady;
      resolve({
        ...ready,
        child,
        peakRss: () =>
          new Promise((done) => {
            child.once('message', (m) => done((m as { peakRss: number }).peakRss));
            child.send('peak-rss');
          }),
        memory: () =>
          new Promise((done) => {
            child.once('message', (m) => done((m as { memory: never }).memory));
            child.send('memory');
          }),
        cpuMicros: () =>
          new Promise((done) => {
            child.once('message', (m) => done((m as { cpuMicros: number }).cpuMicros));
            child.send('cpu');
          }),
        stop: () =>
          new Promise((done) => {
            if (child.exitCode !== null) return done();
            const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
            child.once('exit', () => (clearTimeout(timer), done()));
            child.kill('SIGTERM');
          }),
      });
    });
  });
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
  const ready = new Promise<void>((resolve) => (pending = () => resolve()));
  child.on('message', (m) => pending?.(m as Reply));
  const send = <T>(message: unknown) =>
    new Promise<T>((resolve, reject) => {
      pending = (m) => (m.ok ? resolve(m.result as T) : reject(new Error(m.error)));
      child.send(message as never);
    });
  return {
    child,
    ready,
    send,
    stop: async () => {
      // A clean exit of its own first (so `--cpu-prof` writes its profile), then the signal.
      const exited = new Promise((done) => child.once('exit', done));
      if (child.exitCode === null) await send('stop').catch(() => undefined);
      await Promise.race([exited, new Promise((done) => setTimeout(done, 2_000).unref())]);
      if (child.exitCode === null) child.kill();
    },
  };
}
