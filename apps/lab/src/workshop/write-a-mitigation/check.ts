import { ChildProcess, spawn } from 'node:child_process';
import { extname, join, resolve } from 'node:path';
import { canBindLoopback } from '@lab/address-plan';
import { PROJECT_ROOT } from './code-root';
import { compileWrittenPolicy } from './compile';
import { runSteps } from './run-steps';
import type { Step, Within } from './steps';
import type { ChildMessage } from './messages';

export interface WrittenMitigationResult {
  solved: boolean;
  summary: string;
  details: string[];
}

/** A directory that is not listening by then will not: an endless loop, or a machine far too busy. */
const START_TIMEOUT_MS = 30_000;
/** One request of the check; the directory answers in milliseconds unless a hook never returns. */
const STEP_TIMEOUT_MS = 10_000;

/**
 * "Write a mitigation yourself": builds the participant's policy (`scaffoldFile`, a copy of
 * workshop/scaffold/my-mitigation.ts), starts a directory with it in a child process, and runs the
 * resolver's real L1 and L2 attacks against it (resolve, watch), with the legitimate uses beside
 * them: solved when the stranger gets no address of any user while bob's contact can still look him
 * up, follow his presence and call him. Never throws:
 * whatever the participant's code does, the answer is a verdict with a message.
 */
export async function checkWrittenMitigation(options: {
  scaffoldFile: string;
  dataDir: string;
  signal?: AbortSignal;
}): Promise<WrittenMitigationResult> {
  try {
    return await check(resolve(options.scaffoldFile), resolve(options.dataDir), options.signal);
  } catch (error) {
    if (options.signal?.aborted) return cancelled();
    return {
      solved: false,
      summary: `the check could not run: ${(error as Error).message ?? error}`,
      details: [String((error as Error).stack ?? error)],
    };
  }
}

const cancelled = (): WrittenMitigationResult => ({
  solved: false,
  summary: 'the check was cancelled',
  details: [],
});

async function check(file: string, dataDir: string, signal?: AbortSignal): Promise<WrittenMitigationResult> {
  if (signal?.aborted) return cancelled();
  if (!(await canBindLoopback('127.51.100.140')))
    return {
      solved: false,
      summary:
        "this machine cannot bind the lab's loopback addresses (127.51.100.x), which the check's users connect from",
      details: [
        'Linux routes all of 127.0.0.0/8 to loopback; elsewhere, add loopback aliases or use the Docker world',
      ],
    };

  const compiled = compileWrittenPolicy(file, join(dataDir, 'write-a-mitigation'));
  if (!compiled.ok) return { solved: false, summary: compiled.summary, details: compiled.details };

  const directory = new PolicyDirectory(compiled.file, file);
  const stopOnAbort = () => void directory.stop();
  signal?.addEventListener('abort', stopOnAbort);
  try {
    const url = await directory.started(signal);
    if (signal?.aborted) return cancelled();
    if ('failure' in url)
      return {
        solved: false,
        summary: `your directory did not start: ${url.failure}`,
        details: [...directory.hookErrors(), ...directory.output()],
      };
    const within: Within = (what, work) => directory.within(what, work);
    const steps = await runSteps(url.url, within);
    if (signal?.aborted) return cancelled();
    return verdict(steps, directory.hookErrors(), directory.hangs(), compiled.notes);
  } catch (error) {
    if (signal?.aborted) return cancelled();
    // Setting the users up failed (a hook for logins or contacts, say): name the hook that threw, if one did.
    const cause = directory.hookErrors().map((e) => `${e}, so `)[0] ?? '';
    return {
      solved: false,
      summary: `the check could not set its users up on your directory: ${cause}${(error as Error).message}`,
      details: [...directory.hookErrors(), ...directory.output()],
    };
  } finally {
    signal?.removeEventListener('abort', stopOnAbort);
    await directory.stop();
  }
}

function verdict(
  steps: Step[],
  hookErrors: string[],
  hang: string | undefined,
  notes: string[],
): WrittenMitigationResult {
  const details = [
    ...steps.map((s) => `${s.passed ? 'passed' : 'FAILED'}  ${s.kind}: ${s.name} — ${s.detail}`),
    ...hookErrors,
    ...notes,
  ];
  const attacks = steps.filter((s) => s.kind === 'attack' && !s.passed);
  const attack = attacks[0];
  const control = steps.find((s) => s.kind === 'control' && !s.passed);
  if (!attack && !control)
    return {
      solved: true,
      summary:
        "Yes: the resolver's L1 and L2 attacks got no address of any user, and bob's contact can still look him up, follow his presence and call him",
      details,
    };
  if (hang) return { solved: false, summary: `your directory stopped answering: ${hang}`, details };
  // A hook that threw is the cause of whatever failed with it: say it first.
  const cause = hookErrors.length ? `${hookErrors[0]}, so ` : '';
  const summary = attack
    ? `No: ${cause}${attacks.map((a) => a.detail).join('; ')}`
    : `the leak is closed, but your change breaks the directory: ${cause}${control!.detail}`;
  return { solved: false, summary, details };
}

/** The participant's directory, in a child process of its own: started, watched, bounded in time, killed. */
class PolicyDirectory {
  private readonly child: ChildProcess;
  private readonly tail: string[] = [];
  /** The request the directory stopped answering, if it did. */
  private hung?: { what: string; message: string };
  private readonly throws: Extract<ChildMessage, { kind: 'hook-threw' }>[] = [];
  private readonly messages: Promise<{ url: string } | { failure: string }>;
  /** Settles with a sentence once the process is gone. */
  private readonly exited: Promise<string>;

  constructor(compiledFile: string, sourceFile: string) {
    const runner = join(__dirname, `policy-directory${extname(__filename)}`);
    // From the sources (the tests), the child compiles TypeScript as it loads it, as the build would.
    const args = extname(runner) === '.ts' ? ['-e', FROM_SOURCES, runner] : [runner];
    this.child = spawn(process.execPath, ['--enable-source-maps', ...args, compiledFile, sourceFile], {
      cwd: PROJECT_ROOT,
      stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
    });
    for (const stream of [this.child.stdout!, this.child.stderr!]) {
      stream.setEncoding('utf8');
      stream.on('data', (chunk: string) => {
        this.tail.push(...chunk.split('\n').filter((line) => line.trim()));
        this.tail.splice(0, Math.max(0, this.tail.length - 20));
      });
    }
    this.exited = new Promise((settle) => {
      this.child.once('error', (error) => settle(`it could not be started: ${error.message}`));
      this.child.once('exit', (code, signal) =>
        settle(signal ? `it was stopped by ${signal}` : `it exited with code ${code}`),
      );
    });
    this.messages = new Promise((settle) => {
      this.child.on('message', (message: ChildMessage) => {
        if (message.kind === 'ready') settle({ url: message.url });
        else if (message.kind === 'not-started') settle({ failure: message.message });
        else if (message.kind === 'hook-threw') this.throws.push(message);
      });
    });
  }

  /** The directory's URL once it listens, or why it does not. */
  async started(signal?: AbortSignal): Promise<{ url: string } | { failure: string }> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<{ failure: string }>((settle) => {
      timer = setTimeout(
        () =>
          settle({
            failure: `it was not listening after ${START_TIMEOUT_MS / 1000} s; does your file loop forever when it loads, or in overrides()?`,
          }),
        START_TIMEOUT_MS,
      );
    });
    const died = this.exited.then((how) => ({ failure: `${how} before listening${this.lastWords()}` }));
    const aborted = new Promise<{ failure: string }>((settle) =>
      signal?.addEventListener('abort', () => settle({ failure: 'the check was cancelled' })),
    );
    try {
      return await Promise.race([this.messages, timeout, died, aborted]);
    } finally {
      clearTimeout(timer);
    }
  }

  /**
   * `work`, unless the directory stops answering for STEP_TIMEOUT_MS or dies meanwhile. Once it
   * has stopped answering, later steps fail at once instead of waiting again.
   */
  async within<T>(what: string, work: () => Promise<T>): Promise<T> {
    if (this.hung)
      throw new Error(`${what}: not tried, your directory stopped answering at ${this.hung.what}`);
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => {
        const message = `${what}: no answer within ${STEP_TIMEOUT_MS / 1000} s; does a hook of yours loop forever?`;
        this.hung ??= { what, message };
        reject(new Error(message));
      }, STEP_TIMEOUT_MS);
    });
    const died = this.exited.then((how) => {
      throw new Error(`${what}: your directory stopped (${how})${this.lastWords()}`);
    });
    try {
      return await Promise.race([work(), timeout, died]);
    } finally {
      clearTimeout(timer);
    }
  }

  /** Why the directory stopped answering, if it did. */
  hangs(): string | undefined {
    return this.hung?.message;
  }

  /** The first throw of each hook, as a participant reads it. */
  hookErrors(): string[] {
    return this.throws.map((t) => `your ${t.hook} threw ${t.message}${t.at ? ` (at ${t.at})` : ''}`);
  }

  /** The child's last lines of output, for a directory that did not start. */
  output(): string[] {
    return this.tail.length ? ['the directory printed:', ...this.tail] : [];
  }

  private lastWords(): string {
    const last = this.tail.at(-1);
    return last ? `; its last words: ${last.slice(0, 300)}` : '';
  }

  /** Kills the directory (it holds nothing worth a clean shutdown) and waits until it is gone. */
  async stop(): Promise<void> {
    if (this.child.exitCode === null && this.child.signalCode === null) this.child.kill('SIGKILL');
    await this.exited;
  }
}

/**
 * How the child loads the lab from its TypeScript sources (when the check itself runs from them,
 * as in the tests): each .ts file compiled by swc with the project's .swcrc as it is required.
 * From the build (`npm run lab`), the child runs the compiled runner and needs none of this.
 */
const FROM_SOURCES = `
const { readFileSync } = require('node:fs');
const { transformSync } = require('@swc/core');
const swcrc = JSON.parse(readFileSync('.swcrc', 'utf8'));
delete swcrc.$schema;
require.extensions['.ts'] = (module, filename) => {
  const options = { ...swcrc, swcrc: false, configFile: false, filename, sourceMaps: 'inline' };
  module._compile(transformSync(readFileSync(filename, 'utf8'), options).code, filename);
};
require(process.argv[1]);
`;
