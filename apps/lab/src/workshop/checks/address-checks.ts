import type { Persona } from '@lab/address-plan';
import {
  CheckContext,
  ExerciseCheck,
  addressesIn,
  firstTimeOn,
  lookupAs,
  lookupOutcome,
  notSolved,
  personaNamed,
  personasOf,
  routineText,
  solved,
  wordsIn,
} from './check-context';

interface TargetCase {
  target: string;
}

/** This instance's target for an exercise, among the personas that fit it. */
function drawTarget(ctx: CheckContext, fits: (p: Persona) => boolean = () => true): TargetCase {
  const pool = personasOf(ctx.world).filter(fits);
  return { target: ctx.instance.pick(`target:${ctx.exercise.id}`, pool).username };
}

const targetBrief = (data: TargetCase, ctx: CheckContext) => {
  const persona = personaNamed(ctx.world, data.target);
  return {
    target: data.target,
    routine: routineText(persona),
    online: firstTimeOn(persona, 'online') ?? '00:00',
    home: firstTimeOn(persona, 'home') ?? '—',
  };
};

/** What the vulnerable directory discloses about `target` right now, read by the lab as the target itself. */
async function disclosed(ctx: CheckContext, target: string) {
  const profile = await lookupAs(ctx.world, 'vulnerable', target, target);
  return {
    publicAddress: profile.lastSeenAddress ? ctx.world.plan.display(profile.lastSeenAddress) : undefined,
    localAddresses: profile.localAddresses ?? [],
  };
}

const notOnlineYet = (ctx: CheckContext, target: string) =>
  notSolved(
    `${target} has not been online in this lab yet, so the directory has no address to give: their day is ${routineText(personaNamed(ctx.world, target))} — move the clock (npm run lab -- clock jump HH:MM) and resolve again.`,
  );

/** L1: the public address and the LAN address the profile lookup gives away. */
export const currentAddressCheck: ExerciseCheck<TargetCase> = {
  draw: async (ctx) => drawTarget(ctx),
  brief: targetBrief,
  async verify(data, answer, ctx) {
    const truth = await disclosed(ctx, data.target);
    if (!truth.publicAddress) return notOnlineYet(ctx, data.target);
    const given = addressesIn(ctx.world, answer);
    if (!given.length)
      return notSolved(
        `Type the addresses you found: exercise check ${ctx.exercise.id} <public address> <LAN address>.`,
      );
    const publicOk = given.includes(truth.publicAddress);
    const lanOk = !truth.localAddresses.length || truth.localAddresses.some((a) => given.includes(a));
    if (publicOk && lanOk)
      return solved(
        `Yes: the directory told a stranger where ${data.target} is (${truth.publicAddress}) and what their device calls itself on the home network (${truth.localAddresses.join(', ') || '—'}).`,
        [`public ${truth.publicAddress}`, `LAN ${truth.localAddresses.join(', ') || '—'}`],
      );
    if (publicOk)
      return notSolved('The public address is right; the LAN address (localAddresses) is missing or wrong.');
    if (lanOk && truth.localAddresses.length)
      return notSolved(
        `The LAN address is right; the public address is not where ${data.target} is now (has ${data.target} moved? resolve again).`,
      );
    return notSolved(
      `Neither address is what the directory gives for ${data.target} now: resolve ${data.target} again (the answer changes when ${data.target} moves).`,
    );
  },
  async expected(data, ctx) {
    const truth = await disclosed(ctx, data.target);
    return truth.publicAddress
      ? `${truth.publicAddress} ${truth.localAddresses.join(' ')} (live: where ${data.target} is now)`
      : `${data.target} has not been online yet`;
  },
};

interface RdapCase extends TargetCase {
  address: string;
}

/** From an address to an ISP and a rough place (RDAP), and how rough the place is. */
export const rdapCheck: ExerciseCheck<RdapCase> = {
  draw: async (ctx) => {
    const { target } = drawTarget(ctx, (p) => !!p.networks.home);
    return { target, address: personaNamed(ctx.world, target).networks.home!.publicAddress };
  },
  brief: targetBrief,
  async verify(data, answer, ctx) {
    const where = ctx.world.plan.locate(data.address)!;
    const words = wordsIn(answer);
    const text = answer.toLowerCase();
    const ispOk = words.includes(where.isp.id) || text.includes(where.isp.name.toLowerCase());
    const radius = String(where.prefix.location.accuracyRadiusKm);
    const radiusOk = words.includes(radius) || words.includes(`${radius}km`);
    const evidence = [
      `${data.address}: ${where.isp.name} (${where.isp.id}), AS${where.isp.asn}`,
      `city ${where.prefix.location.city}, accuracy radius ${radius} km`,
    ];
    if (ispOk && radiusOk) {
      const fallback = where.prefix.location.fallback
        ? ' The registry knows no city for this block: the "location" is the country centre, 1000 km wide — the kind of default that sent strangers to one Kansas farm.'
        : ` "${where.prefix.location.city}" is where the ISP registered the block, not a finding about ${data.target}: they may live anywhere within ${radius} km of it.`;
      return solved(`Yes: ${where.isp.name}, within ${radius} km.${fallback}`, evidence);
    }
    if (ispOk)
      return notSolved(
        `The ISP is right; now the accuracy radius (km) the registry gives for ${data.target}'s home address.`,
      );
    if (radiusOk)
      return notSolved(
        `The radius is right; which ISP (its id or name) holds ${data.target}'s home address?`,
      );
    return notSolved(
      `Not what the registry says for ${data.target}'s home address: resolve ${data.target} while at home, then enrich that address.`,
    );
  },
  async expected(data, ctx) {
    const where = ctx.world.plan.locate(data.address)!;
    return `${where.isp.id} ${where.prefix.location.accuracyRadiusKm} (${data.address}, ${where.isp.name}, ${where.prefix.location.city})`;
  },
};

/** The debug log: the LAN address the client wrote down while the screen showed none. */
export const lanAddressCheck: ExerciseCheck<TargetCase> = {
  draw: async (ctx) => drawTarget(ctx),
  brief: targetBrief,
  async verify(data, answer, ctx) {
    const truth = await disclosed(ctx, data.target);
    if (!truth.publicAddress) return notOnlineYet(ctx, data.target);
    const given = addressesIn(ctx.world, answer);
    const hit = truth.localAddresses.find((a) => given.includes(a));
    if (hit)
      return solved(
        `Yes: ${hit} was in the client's debug log (-l…) — the screen never showed it, the log kept it.`,
        [`-l${truth.localAddresses.join(',')}`],
      );
    if (truth.publicAddress && given.includes(truth.publicAddress))
      return notSolved('That is the public address (-r…); the exercise asks for the LAN address (-l…).');
    return notSolved(
      `That is not the LAN address the log gives for ${data.target} now: run debug-log ${data.target} again.`,
    );
  },
  async expected(data, ctx) {
    const truth = await disclosed(ctx, data.target);
    return truth.localAddresses.join(' ') || `${data.target} has not been online yet`;
  },
};

/** L2 over a lab day: where the target sleeps and where they work. */
export const homeWorkCheck: ExerciseCheck<TargetCase> = {
  draw: async (ctx) => drawTarget(ctx, (p) => !!p.networks.home && !!p.networks.work),
  brief: targetBrief,
  async verify(data, answer, ctx) {
    const persona = personaNamed(ctx.world, data.target);
    const home = persona.networks.home!.publicAddress;
    const work = persona.networks.work!.publicAddress;
    const labelled = [...answer.matchAll(/(home|work)\W{0,3}(\d{1,3}(?:\.\d{1,3}){3})/gi)].map(
      (m) => [m[1].toLowerCase(), ctx.world.plan.display(m[2])] as const,
    );
    const given = addressesIn(ctx.world, answer);
    const guess = labelled.length ? Object.fromEntries(labelled) : { home: given[0], work: given[1] };
    const evidence = [
      `home ${home} (${persona.networks.home!.isp.name})`,
      `work ${work} (${persona.networks.work!.isp.name})`,
    ];
    if (guess.home === home && guess.work === work)
      return solved(
        `Yes: where ${data.target} spends the night, and the office they spend the day in — from presence frames alone.`,
        evidence,
      );
    if (guess.home === work && guess.work === home)
      return notSolved('Those are the two addresses, swapped: which one holds the night?');
    if (guess.home === home) return notSolved('Home is right; work is not.');
    if (guess.work === work) return notSolved('Work is right; home is not.');
    return notSolved(
      `Type two addresses: exercise check ${ctx.exercise.id} home <address> work <address>, from ${data.target}'s timeline.`,
    );
  },
  async expected(data, ctx) {
    const persona = personaNamed(ctx.world, data.target);
    return `home ${persona.networks.home!.publicAddress} work ${persona.networks.work!.publicAddress}`;
  },
};

/** A stranger of `target`: someone the lab can log in as whom the target never accepted as a contact. */
function strangerOf(ctx: CheckContext, target: string): string {
  const persona = personaNamed(ctx.world, target);
  return personasOf(ctx.world).find(
    (p) => p.username !== target && !persona.contacts.includes(p.username) && !p.contacts.includes(target),
  )!.username;
}

/** The same attack, two directories: the vulnerable one's address against the fixed one's answer. */
export const fixedRerunCheck: ExerciseCheck<TargetCase> = {
  draw: async (ctx) => drawTarget(ctx),
  brief: targetBrief,
  async verify(data, answer, ctx) {
    const truth = await disclosed(ctx, data.target);
    if (!truth.publicAddress) return notOnlineYet(ctx, data.target);
    const fixed = await lookupOutcome(ctx.world, 'fixed', strangerOf(ctx, data.target), data.target);
    const fixedAnswer = fixed.code ?? 'a profile';
    const given = addressesIn(ctx.world, answer);
    const addressOk = given.includes(truth.publicAddress);
    const codeOk = fixed.code !== undefined && wordsIn(answer).includes(fixed.code);
    const evidence = [`vulnerable: ${truth.publicAddress}`, `fixed, to a stranger: ${fixedAnswer}`];
    if (fixed.profile?.lastSeenAddress)
      return notSolved(
        'The fixed directory gave the lab an address: it is not fixed. Tell the facilitator.',
        evidence,
      );
    if (addressOk && codeOk)
      return solved(
        `Yes: the vulnerable directory gives ${data.target}'s address; the fixed one answers ${fixed.code}, exactly as for a name that does not exist.`,
        evidence,
      );
    if (addressOk)
      return notSolved(`The vulnerable address is right; what did the fixed directory answer (its code)?`);
    if (codeOk)
      return notSolved(
        `The fixed directory's answer is right; and the address the vulnerable one gives for ${data.target} now?`,
      );
    return notSolved(
      `Type both: exercise check ${ctx.exercise.id} <address from the vulnerable directory> <answer code of the fixed one>.`,
    );
  },
  async expected(data, ctx) {
    const truth = await disclosed(ctx, data.target);
    const fixed = await lookupOutcome(ctx.world, 'fixed', strangerOf(ctx, data.target), data.target);
    return `${truth.publicAddress ?? '(not online yet)'} ${fixed.code ?? '(a profile: the fixed directory is not fixed)'}`;
  },
};
