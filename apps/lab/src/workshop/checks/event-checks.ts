import { join } from 'node:path';
import type { LeaseRecord } from '@lab/address-plan';
import { ATTACKS, ATTACK_INFO, EXPECTED_MATRIX } from '@lab/resolver';
import { checkWrittenMitigation } from '../write-a-mitigation/check';
import {
  ExerciseCheck,
  NotReady,
  firstTimeOn,
  notSolved,
  personaNamed,
  personasOf,
  routineText,
  solved,
  wordsIn,
} from './check-context';

/** Longer than a persona's ring delay (1.5 s): a call that was going to ring has rung by then. */
export const RING_WINDOW_MS = 2500;

interface TargetCase {
  target: string;
}

/**
 * L3, checked by what the lab saw on the victim's side: a stranger's call reached the target's
 * client (which sent its candidates at once), and the target's screen showed no ring for it.
 */
export const silentProbeCheck: ExerciseCheck<TargetCase> = {
  draw: async (ctx) => ({ target: ctx.instance.pick('target:silent-probe', personasOf(ctx.world)).username }),
  brief: (data, ctx) => {
    const persona = personaNamed(ctx.world, data.target);
    return {
      target: data.target,
      routine: routineText(persona),
      online: firstTimeOn(persona, 'online') ?? '00:00',
    };
  },
  async verify(data, _answer, ctx) {
    const persona = personaNamed(ctx.world, data.target);
    const agent = ctx.world.directories.get('vulnerable')!.population!.agent(data.target)!;
    const since = Date.parse(ctx.openedAt ?? new Date(0).toISOString());
    const calls = ctx.observer.invites.filter(
      (i) =>
        i.directory === 'vulnerable' &&
        i.callee === data.target &&
        !persona.contacts.includes(i.from) &&
        Date.parse(i.at) >= since,
    );
    if (!calls.length)
      return notSolved(
        `The lab has not seen a stranger's call reach ${data.target} since you opened this exercise. Is ${data.target} online? (their day: ${routineText(persona)}; npm run lab -- clock shows the time)`,
      );
    const settled = calls.filter((c) => Date.now() - Date.parse(c.at) >= RING_WINDOW_MS);
    if (!settled.length)
      return notSolved(
        'The call has just reached the victim: check again in two seconds, once a ring would have shown.',
      );
    const rangFor = (callId: string) =>
      agent.seen.filter((e) => e.callId === callId && (e.kind === 'ring' || e.kind === 'missed-call'));
    const silent = settled.find((c) => !rangFor(c.callId).length);
    if (silent)
      return solved(
        `Yes: your call reached ${data.target}'s client, which sent its address candidates at once, and ${data.target}'s screen showed nothing.`,
        [
          `call ${silent.callId} from ${silent.from} reached ${data.target} at ${silent.at}`,
          `${data.target}'s screen for that call: nothing (GET /directories/vulnerable/seen/${data.target})`,
        ],
      );
    return notSolved(
      `Your call reached ${data.target}, but their phone rang (${settled.length} call(s), each shown on the screen): hang up before the ring, as probe-call does.`,
    );
  },
  expected: async (data) =>
    `an event: a stranger's call reaches ${data.target} on the vulnerable directory and ${data.target}'s screen shows no ring (npm run resolver -- probe-call ${data.target})`,
};

interface MatrixCase {
  cells: { attack: string; mitigation: string }[];
}

const outcome = (cell: MatrixCase['cells'][number]) =>
  EXPECTED_MATRIX[cell.attack as (typeof ATTACKS)[number]][cell.mitigation as 'M1'];

/** One mitigation at a time: three cells of the defence matrix, drawn for this instance. */
export const matrixCellsCheck: ExerciseCheck<MatrixCase> = {
  draw: async (ctx) => {
    const all = ATTACKS.flatMap((attack) =>
      ['M1', 'M2', 'M3', 'M4', 'M5', 'M6'].map((mitigation) => ({ attack, mitigation })),
    );
    // Three different mitigations, so one measured directory does not answer every cell.
    const cells: MatrixCase['cells'] = [];
    for (const cell of ctx.instance.sample('matrix:cells', all, all.length)) {
      if (!cells.some((c) => c.mitigation === cell.mitigation || c.attack === cell.attack)) cells.push(cell);
      if (cells.length === 3) break;
    }
    return { cells };
  },
  brief: (data) => ({
    cells: data.cells
      .map(
        (c, i) =>
          `${i + 1}. ${c.attack} (${ATTACK_INFO[c.attack as (typeof ATTACKS)[number]].channel}) against ${c.mitigation} alone`,
      )
      .join('; '),
  }),
  async verify(data, answer, ctx) {
    const given = wordsIn(answer).filter((w) => ['leaked', 'limited', 'blocked'].includes(w));
    if (given.length !== data.cells.length)
      return notSolved(
        `Type one outcome per cell, in order: exercise check ${ctx.exercise.id} leaked|limited|blocked leaked|limited|blocked leaked|limited|blocked.`,
      );
    const wrong = data.cells.filter((c, i) => given[i] !== outcome(c));
    const measured = data.cells.map((c) =>
      ctx.observer.directories.some((d) => d.mitigations.length === 1 && d.mitigations[0] === c.mitigation)
        ? `${c.mitigation} alone: the lab saw you start it`
        : `${c.mitigation} alone: not started through the lab (POST /directories, or npm run resolver -- matrix)`,
    );
    if (!wrong.length)
      return solved('Yes: each of those cells is what the defence matrix measures.', measured);
    // How many, not which: naming the wrong cell would turn the exercise into three guesses.
    return notSolved(
      `${wrong.length} of ${data.cells.length} cells are not what the attacks measure. Run them, don't guess.`,
      measured,
    );
  },
  expected: async (data) =>
    data.cells.map((c) => `${outcome(c)}`).join(' ') +
    ` (${data.cells.map((c) => `${c.attack}×${c.mitigation}`).join(', ')})`,
};

interface LeaseCase {
  ispId: string;
  address: string;
  port: number;
  at: string;
  start: string;
  username: string;
  subscriber: string;
  /** How many subscribers held that address at that time, ports aside. */
  sharing: number;
}

const MOBILE = /\(mobile subscriber ([^)]+)\)$/;

/**
 * From an address, a port and a time to a subscriber: a translation the carrier-grade NAT really
 * logged in this lab (whose port the kernel chose), drawn among those the lease log holds.
 */
export const leaseHouseholdCheck: ExerciseCheck<LeaseCase> = {
  async draw(ctx) {
    // A whole second well inside the translation: one that lasted under three seconds (a fast clock) has none.
    const timeIn = (r: LeaseRecord) => {
      const at = Math.ceil(Date.parse(r.start) / 1000) * 1000 + 1000;
      return at <= (r.end === null ? Date.now() : Date.parse(r.end) - 1000) ? at : undefined;
    };
    const translations = ctx.world.leases
      .all()
      .filter((r) => r.port !== undefined && MOBILE.test(r.subscriber) && timeIn(r) !== undefined);
    if (!translations.length && ctx.world.leases.all().some((r) => r.port !== undefined))
      throw new NotReady(
        "The mobile network's translations are only seconds old: show this exercise again in a few seconds.",
      );
    if (!translations.length) {
      // The first persona of the day to go mobile, and a time a few lab minutes after it.
      const next = personasOf(ctx.world)
        .map((p) => ({ username: p.username, at: p.routine.find((s) => s.on === 'mobile')?.at }))
        .filter((x): x is { username: string; at: number } => x.at !== undefined)
        .sort((a, b) => a.at - b.at)[0];
      const later =
        next &&
        `${String(Math.floor((next.at + 5) / 60)).padStart(2, '0')}:${String((next.at + 5) % 60).padStart(2, '0')}`;
      throw new NotReady(
        `Nobody has been on the mobile network in this lab yet, so its lease log is empty. ${next ? `${next.username} goes mobile at ${firstTimeOn(personaNamed(ctx.world, next.username), 'mobile')}: npm run lab -- clock jump ${later}, ` : ''}then show this exercise again.`,
      );
    }
    const record: LeaseRecord = ctx.instance.pick(`lease:${translations.length}`, translations);
    const at = new Date(timeIn(record)!).toISOString();
    return {
      ispId: record.ispId,
      address: record.publicAddress,
      port: record.port!,
      at,
      start: record.start,
      username: MOBILE.exec(record.subscriber)![1],
      subscriber: record.subscriber,
      sharing: new Set(ctx.world.leases.find(record.ispId, record.publicAddress, at).map((r) => r.subscriber))
        .size,
    };
  },
  stale: (data, ctx) =>
    !ctx.world.leases
      .all()
      .some((r) => r.publicAddress === data.address && r.port === data.port && r.start === data.start),
  brief: (data) => ({ address: data.address, port: String(data.port), at: data.at, ispId: data.ispId }),
  async verify(data, answer, ctx) {
    const persona = personaNamed(ctx.world, data.username);
    const words = wordsIn(answer);
    const text = answer.toLowerCase();
    const evidence = [
      `${data.address}:${data.port} at ${data.at} → ${data.subscriber}`,
      `${data.address} at that time: ${data.sharing} subscriber${data.sharing === 1 ? '' : 's'} behind it; the ISP names none without the port`,
    ];
    if (words.includes(data.username) || text.includes(persona.displayName.toLowerCase()))
      return solved(
        `Yes: ${persona.displayName}. The address alone names nobody behind carrier-grade NAT (the ISP asks for the port); the port and the exact time named one.`,
        evidence,
      );
    return notSolved(
      `No: ask ${data.ispId}'s lease log for ${data.address}, port ${data.port}, at ${data.at} (with the lawful-request token), and type the subscriber's username.`,
    );
  },
  expected: async (data) =>
    `${data.username} (${data.subscriber}; ${data.address}:${data.port} at ${data.at})`,
};

interface WrittenCase {
  scaffold: string;
}

/** Write a mitigation yourself: the participant's policy file, attacked by the real attacks. */
export const writtenMitigationCheck: ExerciseCheck<WrittenCase> = {
  draw: async (ctx) => ({ scaffold: ctx.exercise.check.scaffold! }),
  brief: (data) => ({ scaffold: data.scaffold }),
  async verify(data, _answer, ctx) {
    const result = await checkWrittenMitigation({
      scaffoldFile: join(ctx.rootDir, data.scaffold),
      dataDir: ctx.dataDir,
      signal: ctx.signal,
    });
    return { solved: result.solved, feedback: result.summary, evidence: result.details };
  },
  expected: async (data) =>
    `an event: the policy in ${data.scaffold} stops the attacks and keeps the directory working`,
};
