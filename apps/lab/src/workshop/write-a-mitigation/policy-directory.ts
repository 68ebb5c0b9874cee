// First, so that this file's imports and the participant's resolve their @lab/… aliases.
import './module-aliases';
import { createRequire } from 'node:module';
import { DEFAULT_DIRECTORY_OPTIONS, DirectoryPolicy, PolicyHooks, startDirectory } from '@lab/directory';
import type { ChildMessage } from './messages';

/**
 * The child process of the "write a mitigation yourself" check: a directory running the
 * participant's compiled policy, on 127.0.0.1 and a free port, with an in-memory database. It runs
 * apart from the lab so that an endless loop, a throw or a crash in the participant's code stops
 * only this process; the check kills it when it is done.
 *
 *   node policy-directory.js <compiled policy.js> <the participant's .ts, for messages>
 */
const [compiledFile, sourceFile = compiledFile] = process.argv.slice(2);
const send = (message: ChildMessage) => process.send?.(message);

/** Every hook of the policy, with what kind of value it is. */
const HOOK_KINDS: Record<keyof PolicyHooks, 'function' | 'list'> = {
  presenceVisibleTo: 'function',
  findableByEmail: 'function',
  profileFor: 'function',
  presenceEvent: 'function',
  inviteAnswer: 'function',
  callRoute: 'function',
  candidatesIn: 'function',
  loginToMissingAccount: 'function',
  contactRequestToMissing: 'function',
  removeMissingContact: 'function',
  listsContact: 'function',
  rateLimitFor: 'function',
  keptAfterOffline: 'function',
  historyEntry: 'function',
  atStart: 'function',
  logRedactions: 'list',
};

/** Where in the participant's file an error was thrown, from its stack (source maps on). */
function whereIn(error: unknown): string | undefined {
  const stack = error instanceof Error ? (error.stack ?? '') : '';
  const name = sourceFile.split(/[\\/]/).pop()!;
  const frame = stack.split('\n').find((line) => line.includes(name));
  return frame
    ?.match(/([^\s(]+:\d+:\d+)\)?\s*$/)?.[1]
    ?.split(/[\\/]/)
    .pop();
}

const describe = (error: unknown) =>
  error instanceof Error ? `${error.name}: ${error.message}` : `a thrown ${typeof error}: ${String(error)}`;

/** Reports the first throw of each hook to the check, then lets the directory handle it as before. */
function reporting(hook: string, fn: (...args: unknown[]) => unknown) {
  let reported = false;
  const report = (error: unknown) => {
    if (!reported) send({ kind: 'hook-threw', hook, message: describe(error), at: whereIn(error) });
    reported = true;
  };
  return function (this: unknown, ...args: unknown[]) {
    try {
      const answer = fn.apply(this, args);
      if (answer instanceof Promise)
        return answer.catch((error: unknown) => (report(error), Promise.reject(error)));
      return answer;
    } catch (error) {
      report(error);
      throw error;
    }
  };
}

/** The participant's `overrides(previous)`, checked: only hooks, each of the right kind. */
function checkedOverride(overrides: (previous: DirectoryPolicy) => unknown) {
  return (previous: DirectoryPolicy): Partial<PolicyHooks> => {
    const hooks = overrides(previous);
    if (hooks instanceof Promise)
      throw new Error('overrides(previous) must return the hooks themselves, not a promise: drop the async');
    if (typeof hooks !== 'object' || hooks === null || Array.isArray(hooks))
      throw new Error(
        `overrides(previous) must return an object of hooks, such as { profileFor(record, relation) { … } }; it returned ${hooks === null ? 'null' : typeof hooks}`,
      );
    const checked: Record<string, unknown> = {};
    for (const [name, value] of Object.entries(hooks)) {
      const kind = HOOK_KINDS[name as keyof PolicyHooks];
      if (!kind)
        throw new Error(
          `overrides(previous) returned "${name}", which is not a hook of the policy; the hooks are ${Object.keys(HOOK_KINDS).join(', ')}`,
        );
      if (kind === 'function' && typeof value !== 'function')
        throw new Error(
          `the hook "${name}" must be a function, as in vulnerable.policy.ts; it is ${typeof value}`,
        );
      if (kind === 'list' && !(Array.isArray(value) && value.every((v) => typeof v === 'string')))
        throw new Error(`the hook "${name}" must be a list of strings`);
      checked[name] = kind === 'function' ? reporting(name, value as (...args: unknown[]) => unknown) : value;
    }
    return checked as Partial<PolicyHooks>;
  };
}

async function main() {
  let written: { overrides?: unknown };
  try {
    written = createRequire(__filename)(compiledFile) as { overrides?: unknown };
  } catch (error) {
    const at = whereIn(error);
    return send({
      kind: 'not-started',
      message: `loading your file threw ${describe(error)}${at ? ` (at ${at})` : ''}`,
    });
  }
  if (typeof written.overrides !== 'function') {
    return send({
      kind: 'not-started',
      message:
        'your file must export a function `overrides(previous)` that returns the hooks it replaces, as the scaffold does',
    });
  }
  try {
    const directory = await startDirectory({
      ...DEFAULT_DIRECTORY_OPTIONS,
      name: 'directory-written-mitigation',
      host: '127.0.0.1',
      port: 0,
      mitigations: [],
      database: ':memory:',
      scryptCost: 1024, // cheap password hashing: a check signs several users up
      logLevel: 'error',
      policyOverride: checkedOverride(written.overrides as (previous: DirectoryPolicy) => unknown),
    });
    send({ kind: 'ready', url: directory.url });
  } catch (error) {
    const at = whereIn(error);
    send({ kind: 'not-started', message: `${describe(error)}${at ? ` (at ${at})` : ''}` });
  }
}

// The check going away (it ended, or the lab stopped) ends this directory too.
process.on('disconnect', () => process.exit(0));
void main();
