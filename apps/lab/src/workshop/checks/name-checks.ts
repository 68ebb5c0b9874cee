import { DirectoryClient } from '@lab/directory-client';
import { personaPassword } from '@lab/peers';
import {
  CheckContext,
  ExerciseCheck,
  decoyNames,
  notSolved,
  personasOf,
  solved,
  wordsIn,
} from './check-context';

const ADJECTIVES = ['amber', 'brisk', 'calm', 'dusty', 'eager', 'fuzzy', 'gentle', 'hasty', 'icy', 'jolly'];
const ANIMALS = ['otter', 'heron', 'badger', 'lynx', 'marten', 'newt', 'osprey', 'puffin', 'raven', 'stoat'];

interface AccountCase {
  username: string;
}

/** Meet the directory as its users do: an account of your own, with this instance's username. */
export const accountCreatedCheck: ExerciseCheck<AccountCase> = {
  draw: async (ctx) => ({
    username: `${ctx.instance.pick('account:adjective', ADJECTIVES)}-${ctx.instance.pick('account:animal', ANIMALS)}-${ctx.instance.index('account:number', 90) + 10}`,
  }),
  brief: (data) => ({ username: data.username }),
  async verify(data, answer, ctx) {
    const password = answer.trim();
    if (!password)
      return notSolved(
        `Type the password you gave ${data.username}: exercise check ${ctx.exercise.id} <password>.`,
      );
    const client = new DirectoryClient({ baseUrl: ctx.world.directories.get('vulnerable')!.running.url });
    try {
      const session = await client.login(data.username, password);
      return solved(
        `Yes: ${session.username} is an account of the vulnerable directory, and you hold its password.`,
        [`logged in as ${session.username}`],
      );
    } catch (error) {
      const code = (error as { code?: string }).code;
      if (code === 'unknown_user')
        return notSolved(
          `There is no account ${data.username} on the vulnerable directory yet: create it with POST /accounts (see the steps).`,
        );
      if (code === 'invalid_credentials')
        return notSolved(`The account ${data.username} exists, but that is not its password.`);
      throw error;
    } finally {
      client.close();
    }
  },
  expected: async (data) => `the account ${data.username} exists on the vulnerable directory; any password`,
};

interface NamesCase {
  candidates: string[];
  /** signup-oracle: the names that had an account when the case was drawn (sign-ups create the others). */
  existing?: string[];
}

function drawNames(ctx: CheckContext, key: string): NamesCase {
  const real = ctx.instance.sample(
    `${key}:real`,
    personasOf(ctx.world).map((p) => p.username),
    2 + ctx.instance.index(`${key}:count`, 2),
  );
  const decoys = decoyNames(ctx, key, real, 8 - real.length);
  return {
    candidates: ctx.instance.sample(`${key}:order`, [...real, ...decoys], real.length + decoys.length),
  };
}

function compareNames(
  ctx: CheckContext,
  existing: string[],
  candidates: string[],
  answer: string,
  how: string,
) {
  const given = new Set(wordsIn(answer).filter((w) => candidates.includes(w)));
  const evidence = [`exist: ${existing.join(', ') || 'none'}`];
  const missing = existing.filter((n) => !given.has(n));
  const extra = [...given].filter((n) => !existing.includes(n));
  if (!given.size && !/\bnone\b/i.test(answer))
    return notSolved(
      `Type the names that exist, from the list: exercise check ${ctx.exercise.id} <name> <name> …`,
    );
  if (!missing.length && !extra.length) return solved(`Yes: ${existing.join(', ')} exist — ${how}`, evidence);
  return notSolved(
    `Not quite: ${[
      missing.length ? `${missing.length} name(s) that exist are missing` : '',
      extra.length ? `${extra.length} name(s) you gave do not exist` : '',
    ]
      .filter(Boolean)
      .join(' and ')}.`,
  );
}

/** L4 on the vulnerable directory: which of these names are real accounts? The lab asks the directory itself. */
export const existingNamesCheck: ExerciseCheck<NamesCase> = {
  draw: async (ctx) => drawNames(ctx, 'enumeration'),
  brief: (data) => ({ candidates: data.candidates.join(' ') }),
  async verify(data, answer, ctx) {
    const existing = await liveAccounts(ctx, data.candidates);
    return compareNames(
      ctx,
      existing,
      data.candidates,
      answer,
      'an existing name and a missing one answer differently, as often as you like.',
    );
  },
  expected: async (data, ctx) => (await liveAccounts(ctx, data.candidates)).join(' '),
};

/** Which candidates have an account on the vulnerable directory now (it answers user_not_found for the rest). */
async function liveAccounts(ctx: CheckContext, candidates: string[]): Promise<string[]> {
  const asUser = personasOf(ctx.world)[0].username;
  // One login for the whole list: a password check costs a scrypt hash.
  const client = new DirectoryClient({ baseUrl: ctx.world.directories.get('vulnerable')!.running.url });
  try {
    await client.login(asUser, personaPassword(asUser));
    const found: string[] = [];
    for (const name of candidates) {
      try {
        await client.lookup(name);
        found.push(name);
      } catch (error) {
        if ((error as { code?: string }).code !== 'user_not_found') throw error;
      }
    }
    return found;
  } finally {
    client.close();
  }
}

/**
 * What the fixed directory still tells a stranger: that a name is taken, by signing up with it.
 * The names that existed are kept when drawn, since the participant's own sign-ups create the rest.
 */
export const signupOracleCheck: ExerciseCheck<NamesCase> = {
  draw: async (ctx) => {
    const names = drawNames(ctx, 'signup-oracle');
    const living = new Set([...(ctx.world.directories.get('fixed')?.population?.agents.keys() ?? [])]);
    return { ...names, existing: names.candidates.filter((n) => living.has(n)) };
  },
  brief: (data) => ({ candidates: data.candidates.join(' ') }),
  verify: async (data, answer, ctx) =>
    compareNames(
      ctx,
      data.existing ?? [],
      data.candidates,
      answer,
      'a sign-up with a taken name must be refused (409 username_taken), and the refusal says the name exists. M5 only slows it down.',
    ),
  expected: async (data) => (data.existing ?? []).join(' '),
};
