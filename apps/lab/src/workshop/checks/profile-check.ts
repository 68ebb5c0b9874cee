import { EXPECTED_PROFILES, PROFILE_ATTACK_INFO, ProfileAttack } from '@lab/resolver';
import { ExerciseCheck, notSolved, solved, wordsIn } from './check-context';

/** The systems the 2012 warning told its readers to switch to, as the lab models them. */
const ADVICE_PROFILES = ['xmpp', 'sip', 'sip-privacy', 'jitsi-meet-p2p'];
/** What a stranger who knows only the username tries: look up, call before an answer, be called. */
const STRANGER_ATTACKS: ProfileAttack[] = ['resolve', 'probe-call', 'catch-caller', 'answered-call'];
const OUTCOMES = ['leaked', 'noticed', 'blocked'];

interface ProfileCase {
  cells: { profile: string; attack: ProfileAttack }[];
}

const outcome = (c: ProfileCase['cells'][number]) => EXPECTED_PROFILES[c.profile][c.attack].stranger;

/**
 * "Was the advice right?": three cells of the profile table, each a different profile and a different
 * attack, at least one of them a leak, so "blocked" thrice is never the answer. The table is what the
 * profile tests measure (test/profiles), so it is the live world's answer.
 */
export const profileCellsCheck: ExerciseCheck<ProfileCase> = {
  draw: async (ctx) => {
    const all = ADVICE_PROFILES.flatMap((profile) => STRANGER_ATTACKS.map((attack) => ({ profile, attack })));
    for (let attempt = 0; ; attempt++) {
      const cells: ProfileCase['cells'] = [];
      for (const cell of ctx.instance.sample(`profiles:cells:${attempt}`, all, all.length)) {
        if (!cells.some((c) => c.profile === cell.profile || c.attack === cell.attack)) cells.push(cell);
        if (cells.length === 3) break;
      }
      if (cells.some((c) => outcome(c) !== 'blocked') || attempt === 20) return { cells };
    }
  },
  brief: (data) => ({
    cells: data.cells
      .map((c, i) => `${i + 1}. ${c.attack} against ${c.profile} (${PROFILE_ATTACK_INFO[c.attack].what})`)
      .join('; '),
  }),
  async verify(data, answer, ctx) {
    const given = wordsIn(answer).filter((w) => OUTCOMES.includes(w));
    if (given.length !== data.cells.length)
      return notSolved(
        `Type one outcome per cell, in order: exercise check ${ctx.exercise.id} leaked|noticed|blocked leaked|noticed|blocked leaked|noticed|blocked.`,
      );
    const measured = data.cells.map((c) =>
      ctx.observer.directories.some((d) => d.profile === c.profile)
        ? `${c.profile}: the lab saw you start it`
        : `${c.profile}: not started through the lab (POST /directories {"profile": "${c.profile}"}, or npm run resolver -- matrix --profile ${c.profile})`,
    );
    const wrong = data.cells.filter((c, i) => given[i] !== outcome(c));
    if (!wrong.length)
      return solved(
        'Yes: each of those cells is what the attacks measure. docs/profiles.md has the whole table and the verdict.',
        measured,
      );
    // How many, not which: naming the wrong cell would turn the exercise into guesses.
    return notSolved(
      `${wrong.length} of ${data.cells.length} cells are not what the attacks measure: measure them (npm run resolver -- matrix --profile <name>).`,
      measured,
    );
  },
  expected: async (data) =>
    data.cells.map(outcome).join(' ') + ` (${data.cells.map((c) => `${c.attack}×${c.profile}`).join(', ')})`,
};
