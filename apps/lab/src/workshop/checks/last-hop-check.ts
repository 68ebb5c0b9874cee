import type { Persona } from '@lab/address-plan';
import { ExerciseCheck, notSolved, personaNamed, personasOf, routineText, solved } from './check-context';

interface LastHopCase {
  target: string;
}

/** The household on file for a persona's home line, if the plan gives it one. */
const householdOf = (persona: Persona) => persona.networks.home?.household;

/** Case and spacing do not matter: "12 lamplighter  lane" is 12 Lamplighter Lane. */
const normalise = (text: string) => text.toLowerCase().replace(/\s+/g, ' ').trim();

/**
 * The last hop, in two halves: the street on file behind the target's home line (which only the
 * vulnerable desk gives away), then the same chain against the fixed world, which the lab sees as
 * the fixed desk's notice in the target's inbox: the subscriber learns that someone asked.
 */
export const lastHopCheck: ExerciseCheck<LastHopCase> = {
  draw: async (ctx) => ({
    target: ctx.instance.pick(
      'target:the-last-hop',
      personasOf(ctx.world).filter((p) => householdOf(p)),
    ).username,
  }),
  brief: (data, ctx) => ({
    target: data.target,
    routine: routineText(personaNamed(ctx.world, data.target)),
  }),
  async verify(data, answer, ctx) {
    const household = householdOf(personaNamed(ctx.world, data.target))!;
    const given = normalise(answer);
    if (!given)
      return notSolved(
        `Type the street you found: exercise check ${ctx.exercise.id} <house number and street>.`,
      );
    if (!given.includes(normalise(household.street))) {
      const someoneElse = personasOf(ctx.world)
        .map((p) => householdOf(p))
        .find((h) => h && h !== household && given.includes(normalise(h.street)));
      return notSolved(
        someoneElse
          ? `That is a household of this lab, but not the one behind ${data.target}'s home line: start the chain from ${data.target}.`
          : `That is not the street the ISP has on file for ${data.target}'s home line: run the chain against the vulnerable world (npm run resolver -- chain ${data.target}).`,
      );
    }
    const since = Date.parse(ctx.openedAt ?? new Date(0).toISOString());
    const notices = ctx.world.deskInboxes.fixed
      .for(data.target)
      .filter((n) => n.kind === 'desk-inquiry' && Date.parse(n.at) >= since);
    if (!notices.length)
      return notSolved(
        `Right: ${household.street}, ${household.town} is where ${data.target} lives. Now stop it: run the same chain against the fixed world (the fixed directory on 7002 and the fixed desk on 7006) and look at ${data.target}'s victim view.`,
        [`street on file: ${household.street}, ${household.town}`],
      );
    return solved(
      `Yes: the vulnerable desk gave away ${household.street}, ${household.town}; the fixed desk disclosed nothing and told ${data.target} that someone asked.`,
      [
        `street on file: ${household.street}, ${household.town}`,
        `${data.target}'s notice from the fixed desk: ${notices[notices.length - 1].text}`,
      ],
    );
  },
  async expected(data, ctx) {
    const household = householdOf(personaNamed(ctx.world, data.target))!;
    return `${household.street} (${household.town}), then a chain against the fixed world that notifies ${data.target}`;
  },
};
