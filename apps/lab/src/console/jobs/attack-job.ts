import { describeLabMinutes } from '@lab/protocol';
import {
  Attacker,
  DEFAULT_ATTACKER,
  Enrichment,
  NoSuchUser,
  ProbeCallResult,
  Resolution,
  Sighting,
  WatchRefused,
  absenceOf,
  describeAbsence,
  enrich,
  probeCall,
  resolveUser,
  sweep,
  trackUser,
  watchUser,
} from '@lab/resolver';
import type { LabWorld } from '../../world/lab-world';
import { JobContext, JobFailure } from './job';

export const ATTACK_KINDS = ['resolve', 'probe-call', 'watch', 'track', 'sweep'] as const;
export type AttackKind = (typeof ATTACK_KINDS)[number];

export interface AttackRequest {
  attack: AttackKind;
  directory: string;
  target?: string;
  /** watch, track: the lab-time span; sweep: the names; probe-call: the longest wait for candidates. */
  labMinutes?: number;
  names?: string[];
  waitMs?: number;
}

/** The enrichment the console shows beside an address: what the ISP registry (RDAP) says. */
export interface LeakEnrichment {
  isp: string | null;
  asn: number | null;
  city: string | null;
  country: string | null;
  radiusKm: number | null;
  network: string | null;
}

export interface LeakedAddress {
  username: string;
  /** As the lab shows it: the simulated internet address (198.51.100.140). */
  address: string;
  /** As it crossed the wire in embedded mode (127.51.100.140): the victim socket's source address. */
  observedAddress: string;
  port?: number;
  kind: 'public' | 'local' | 'relay';
  labTime: string;
  labMinutes: number;
  enrichment?: LeakEnrichment;
}

export interface AttackResult {
  attack: AttackKind;
  directory: string;
  target?: string;
  labTime: string;
  labMinutes: number;
  leaked: LeakedAddress[];
  refused?: { status?: number; code: string; message: string };
  /** probe-call: whether the victim's phone showed the ring before the attacker hung up. */
  ringShown?: boolean;
  sweep?: {
    checked: number;
    existing: string[];
    lookupsPerSecond: number;
    rateLimitedAt: number | null;
    stoppedEarly: boolean;
  };
  timeline?: {
    channel: string;
    lanes: { network: string; isp: string | null; city: string | null }[];
    sightings: { labMinutes: number; network: string; address: string }[];
    stays: { address: string; fromLab: number; toLab: number; isp: string | null; city: string | null }[];
    guesses: {
      home?: { network: string; address: string; city: string | null };
      work?: { network: string; address: string; city: string | null };
    };
  };
  /** Everything the attacker received during the attack, as received: HTTP answers and WebSocket frames. */
  raw: RawItem[];
}

export type RawItem =
  | { channel: 'http'; status: number; headers: Record<string, unknown>; body: unknown }
  | { channel: 'ws'; frame: unknown };

/** The attacks that use the attacker's WebSocket (one per account on a directory: they cannot overlap). */
export const SOCKET_ATTACKS: readonly AttackKind[] = ['probe-call', 'watch', 'track'];
const MAX_RAW_ITEMS = 400;

/** The words a sweep tries when none are given: the lab's people among plausible others. */
const DECOYS = ['frank', 'grace', 'heidi', 'ivan', 'judy', 'niaj', 'olivia', 'peggy', 'rupert', 'sybil'];

/**
 * The console's attacker: mallory again, from the café network, but with an account of its own. A
 * directory keeps one live WebSocket per account, so with the resolver's account (`mallory`) a
 * console watch and a `npm run resolver -- watch` on the same directory would cut each other off.
 */
export const CONSOLE_ATTACKER = {
  username: 'mallory-console',
  password: 'mallory-console-password',
};

/**
 * Runs one of the resolver's attacks for the console: the same functions as
 * `npm run resolver -- <attack>`, from the same café address, with the result in one shape for
 * every attack (docs/architecture.md, "Console API").
 */
export async function runAttack(
  world: LabWorld,
  request: AttackRequest,
  ctx: JobContext,
): Promise<AttackResult> {
  const directory = world.directories.get(request.directory);
  if (!directory)
    throw new JobFailure('lab_directory_not_found', `The directory "${request.directory}" stopped.`);
  const attacker = await Attacker.connect({
    target: directory.running.url,
    ...CONSOLE_ATTACKER,
    // Where only 127.0.0.1 exists the café address cannot be bound: the kernel chooses.
    sourceAddress: world.mode === 'fallback-single-address' ? 'auto' : DEFAULT_ATTACKER.sourceAddress,
  });
  // Only what the attack itself received: the log-in before it is the attacker's own business.
  const httpBefore = attacker.client.transcript.length;
  const registry = world.ispUrls?.vulnerable;
  // One RDAP question per address and job, as the resolver's track asks it.
  const enrichments = new Map<string, Promise<Enrichment | undefined>>();
  const lookUp = (address: string) => {
    if (!registry) return Promise.resolve(undefined);
    if (!enrichments.has(address))
      enrichments.set(
        address,
        enrich(registry, address).then(
          (e) => (e.found ? e : undefined),
          () => undefined,
        ),
      );
    return enrichments.get(address)!;
  };
  const enrichOf = async (address: string) => {
    const e = await lookUp(address);
    return e && toLeakEnrichment(e);
  };
  const now = () => world.clock.minutes();
  const base = { attack: request.attack, directory: request.directory, target: request.target };
  const result = async (rest: Partial<AttackResult>): Promise<AttackResult> => {
    const minutes = now();
    const leaked = await Promise.all(
      (rest.leaked ?? []).map(async (leak) => ({
        ...leak,
        ...(leak.kind === 'public' ? { enrichment: await enrichOf(leak.address) } : {}),
      })),
    );
    return {
      ...base,
      labTime: describeLabMinutes(minutes),
      labMinutes: minutes,
      ...rest,
      leaked,
      raw: await rawOf(attacker, httpBefore, SOCKET_ATTACKS.includes(request.attack)),
    };
  };
  const abort = new Promise<never>((_, reject) =>
    ctx.signal.addEventListener(
      'abort',
      () => reject(new JobFailure('job_cancelled', 'The lab is stopping.')),
      {
        once: true,
      },
    ),
  );
  abort.catch(() => undefined);
  try {
    const run = (async () => {
      switch (request.attack) {
        case 'resolve': {
          const resolution = await resolveUser(attacker, request.target!);
          ctx.progress(1, 1);
          return result({
            leaked: leaksOf(resolution, now()),
            ...(await refusalOf(attacker, resolution)),
          });
        }
        case 'probe-call': {
          const probe = await probeCall(attacker, request.target!, request.waitMs);
          ctx.progress(1, 1);
          return result({
            leaked: leaksOfCandidates(probe, now()),
            ringShown: probe.ringShown,
            ...(await refusalOf(attacker, probe)),
          });
        }
        case 'watch':
          return result(await watch(world, attacker, request, ctx));
        case 'track':
          return result(await track(world, attacker, request, ctx, enrichOf, lookUp));
        case 'sweep': {
          const names = request.names ?? defaultSweep(world);
          const swept = await sweep(attacker, names, (done, total) => ctx.progress(done, total));
          ctx.progress(names.length, names.length);
          return result({
            sweep: swept,
            ...(swept.rateLimitedAt
              ? {
                  refused: {
                    status: 429,
                    code: 'rate_limited',
                    message: `The directory rate-limited the sweep at lookup ${swept.rateLimitedAt} (M5).`,
                  },
                }
              : {}),
          });
        }
      }
    })();
    // Cancelled, the attack may still fail later, on the closed attacker: nobody waits for it then.
    run.catch(() => undefined);
    return await Promise.race([run, abort]);
  } catch (error) {
    if (error instanceof NoSuchUser)
      throw new JobFailure('user_not_found', `${error.message}: there is nobody to follow.`);
    throw error;
  } finally {
    await attacker.close();
  }
}

function toLeakEnrichment(e: Enrichment): LeakEnrichment {
  return {
    isp: e.isp,
    asn: e.asn,
    city: e.city,
    country: e.country,
    radiusKm: e.accuracyRadiusKm,
    network: e.network,
  };
}

const stamp = (minutes: number) => ({ labTime: describeLabMinutes(minutes), labMinutes: minutes });

function leaksOf(
  r: Pick<Resolution, 'username' | 'publicAddress' | 'observedAddress' | 'port' | 'localAddresses'>,
  minutes: number,
): LeakedAddress[] {
  const leaks: LeakedAddress[] = [];
  if (r.publicAddress && r.observedAddress)
    leaks.push({
      username: r.username,
      address: r.publicAddress,
      observedAddress: r.observedAddress,
      ...(r.port !== null ? { port: r.port } : {}),
      kind: 'public',
      ...stamp(minutes),
    });
  for (const local of r.localAddresses)
    leaks.push({
      username: r.username,
      address: local,
      observedAddress: local,
      kind: 'local',
      ...stamp(minutes),
    });
  return leaks;
}

function leaksOfCandidates(probe: ProbeCallResult, minutes: number): LeakedAddress[] {
  const kinds = { srflx: 'public', host: 'local', relay: 'relay' } as const;
  return probe.candidates.map((c) => ({
    username: probe.username,
    address: c.type === 'srflx' ? (probe.publicAddress ?? c.address) : c.address,
    observedAddress: c.address,
    port: c.port,
    kind: kinds[c.type],
    ...stamp(minutes),
  }));
}

/** A bare code as the answer means the directory refused; said with its status and sentence. */
async function refusalOf(attacker: Attacker, r: Resolution): Promise<Pick<AttackResult, 'refused'>> {
  if (r.leaked || !/^[a-z_]+$/.test(r.answer)) return {};
  const last = attacker.client.transcript.at(-1);
  const status = last && /^HTTP (\d+)/.exec(last) ? Number(/^HTTP (\d+)/.exec(last)![1]) : undefined;
  const mitigations = await attacker.directoryMitigations().catch(() => [] as string[]);
  const absence = absenceOf(r.answer, mitigations);
  return {
    refused: {
      ...(status && status >= 400 ? { status } : {}),
      code: r.answer,
      message: absence
        ? describeAbsence(r.username, absence, mitigations)
        : `The directory answered ${r.answer}: nothing about ${r.username}'s whereabouts.`,
    },
  };
}

/** L2 for a lab-time span: every presence change, with the address it carried. */
async function watch(world: LabWorld, attacker: Attacker, request: AttackRequest, ctx: JobContext) {
  const sightings: { sighting: Sighting; minutes: number }[] = [];
  const durationMs = world.clock.realMs(request.labMinutes!);
  let watching: { stop(): void };
  try {
    watching = await watchUser(attacker, request.target!, (sighting) =>
      sightings.push({ sighting, minutes: world.clock.minutes() }),
    );
  } catch (error) {
    if (!(error instanceof WatchRefused)) throw error;
    const mitigations = await attacker.directoryMitigations();
    const absence = absenceOf(error.code, mitigations);
    return {
      refused: {
        code: error.code,
        message: absence ? describeAbsence(request.target!, absence, mitigations) : error.message,
      },
    } satisfies Partial<AttackResult>;
  }
  await waitWithProgress(durationMs, ctx);
  watching.stop();
  const seen = new Set<string>();
  const leaked = sightings.flatMap(({ sighting, minutes }) =>
    leaksOf(sighting, minutes).filter((leak) => {
      const key = `${leak.kind}:${leak.observedAddress}:${leak.port ?? ''}`;
      return seen.has(key) ? false : (seen.add(key), true);
    }),
  );
  return { leaked } satisfies Partial<AttackResult>;
}

/** The movement timeline over a lab-time span: networks as lanes, sightings as marks, home and work. */
async function track(
  world: LabWorld,
  attacker: Attacker,
  request: AttackRequest,
  ctx: JobContext,
  enrichOf: (address: string) => Promise<LeakEnrichment | undefined>,
  lookUp: (address: string) => Promise<Enrichment | undefined>,
) {
  const sightings: { sighting: Sighting; minutes: number }[] = [];
  const durationMs = world.clock.realMs(request.labMinutes!);
  const ticking = waitWithProgress(durationMs, ctx);
  const timeline = await trackUser(attacker, request.target!, {
    durationMs,
    labMinutes: (realMs) => world.clock.minutes(realMs),
    // An address the registry does not know is left without ISP and city, as the resolver does.
    enrich: async (address) =>
      (await lookUp(address)) ?? Promise.reject(new Error(`${address}: not in the registry`)),
    onSighting: (sighting) => sightings.push({ sighting, minutes: world.clock.minutes() }),
  });
  await ticking;
  const networkOf = async (address: string) => (await enrichOf(address))?.network ?? address;
  const seen = new Set<string>();
  const leaked = sightings.flatMap(({ sighting, minutes }) =>
    leaksOf(sighting, minutes).filter((leak) => {
      const key = `${leak.kind}:${leak.observedAddress}`;
      return seen.has(key) ? false : (seen.add(key), true);
    }),
  );
  const lanes: NonNullable<AttackResult['timeline']>['lanes'] = [];
  for (const address of [
    ...new Set(sightings.flatMap((s) => (s.sighting.publicAddress ? [s.sighting.publicAddress] : []))),
  ]) {
    const e = await enrichOf(address);
    const network = e?.network ?? address;
    if (!lanes.some((l) => l.network === network))
      lanes.push({ network, isp: e?.isp ?? null, city: e?.city ?? null });
  }
  const marks = [];
  for (const { sighting, minutes } of sightings)
    if (sighting.online && sighting.publicAddress)
      marks.push({
        labMinutes: minutes,
        network: await networkOf(sighting.publicAddress),
        address: sighting.publicAddress,
      });
  const guess = async (g: { publicAddress: string; city: string | null } | null) =>
    g ? { network: await networkOf(g.publicAddress), address: g.publicAddress, city: g.city } : undefined;
  const home = await guess(timeline.home);
  const work = await guess(timeline.work);
  return {
    leaked,
    timeline: {
      channel: timeline.channel,
      lanes,
      sightings: marks,
      stays: timeline.stays.map((s) => ({
        address: s.publicAddress,
        fromLab: s.fromLab,
        toLab: s.toLab,
        isp: s.isp,
        city: s.city,
      })),
      guesses: { ...(home ? { home } : {}), ...(work ? { work } : {}) },
    },
  } satisfies Partial<AttackResult>;
}

/** Waits `durationMs`, reporting the real seconds elapsed as progress; ends early when cancelled. */
async function waitWithProgress(durationMs: number, ctx: JobContext) {
  const total = Math.max(1, Math.round(durationMs / 1000));
  const started = Date.now();
  await new Promise<void>((resolve) => {
    const done = () => {
      clearInterval(ticker);
      clearTimeout(timer);
      resolve();
    };
    const ticker = setInterval(
      () => ctx.progress(Math.min(total, Math.floor((Date.now() - started) / 1000)), total),
      1000,
    );
    const timer = setTimeout(done, durationMs);
    ctx.signal.addEventListener('abort', done, { once: true });
  });
  ctx.progress(total, total);
}

/** Everyone who lives in the lab, among names nobody has: a sweep with something to find. */
function defaultSweep(world: LabWorld): string[] {
  const people = [...(world.directories.get('vulnerable')?.population?.agents.keys() ?? [])];
  const names: string[] = [];
  for (let i = 0; i < Math.max(people.length, DECOYS.length); i++) {
    if (DECOYS[i]) names.push(DECOYS[i]);
    if (people[i]) names.push(people[i]);
  }
  return names;
}

/** The transcript of the attacker's client and socket since `httpFrom`, parsed where it is JSON. */
async function rawOf(attacker: Attacker, httpFrom: number, usesSocket: boolean): Promise<RawItem[]> {
  const json = (text: string): unknown => {
    try {
      return JSON.parse(text);
    } catch {
      return text;
    }
  };
  const http: RawItem[] = attacker.client.transcript.slice(httpFrom).map((entry) => {
    const [statusLine, headers, ...body] = entry.split('\n');
    return {
      channel: 'http',
      status: Number(statusLine.replace('HTTP ', '')),
      headers: json(headers) as Record<string, unknown>,
      body: json(body.join('\n')),
    };
  });
  // Only attacks that opened the attacker's WebSocket have frames; asking for it would open one.
  const socket = usesSocket ? await attacker.socket().catch(() => undefined) : undefined;
  const frames: RawItem[] = (socket?.transcript ?? []).map((text) => ({ channel: 'ws', frame: json(text) }));
  // A long track polls many times: the most recent answers are kept.
  return [...http, ...frames].slice(-MAX_RAW_ITEMS);
}
