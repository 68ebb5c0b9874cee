import { absenceOf, NoSuchUser } from './absence';
import type { Attacker } from './attacker';
import type { Enrichment } from './enrich';
import { probeCall } from './probe-call';
import { resolveUser } from './resolve';
import { Sighting, WatchRefused, watchUser } from './watch';

export interface TrackOptions {
  /** Real milliseconds to track for. */
  durationMs: number;
  /** Polling interval when presence cannot be followed (real ms). */
  pollMs?: number;
  /** Converts a real timestamp to lab minutes since lab midnight of day 1. */
  labMinutes: (realMs: number) => number;
  /** Called once before the timeline is built: the lab clock may have been changed meanwhile. */
  syncClock?: () => Promise<void>;
  /** RDAP lookup for an address (ISP, city); optional. */
  enrich?: (address: string) => Promise<Enrichment>;
  onSighting?: (sighting: Sighting, channel: TrackChannel) => void;
}

export type TrackChannel = 'presence (L2)' | 'profile lookups (L1)' | 'probe calls (L3)' | 'none';

export interface Stay {
  publicAddress: string;
  fromLab: number;
  toLab: number;
  labMinutes: number;
  isp: string | null;
  city: string | null;
}

export interface Timeline {
  username: string;
  channel: TrackChannel;
  sightings: number;
  stays: Stay[];
  /** Per address, lab minutes spent there. */
  timeAt: { publicAddress: string; isp: string | null; city: string | null; labMinutes: number }[];
  home: { publicAddress: string; isp: string | null; city: string | null } | null;
  work: { publicAddress: string; isp: string | null; city: string | null } | null;
}

const isNight = (minuteOfDay: number) => minuteOfDay >= 20 * 60 || minuteOfDay < 7 * 60;
const isOfficeHours = (minuteOfDay: number) => minuteOfDay >= 9 * 60 + 30 && minuteOfDay < 16 * 60 + 30;

/**
 * Combines the channels over time into a movement timeline: follow presence if the directory
 * allows it, else poll profile lookups, else probe-call; then guess home (where the nights are
 * spent) and work (where office hours are spent).
 */
export async function trackUser(
  attacker: Attacker,
  username: string,
  options: TrackOptions,
): Promise<Timeline> {
  const samples: { realMs: number; publicAddress: string | null; online: boolean }[] = [];
  const record = (s: Sighting, channel: TrackChannel) => {
    samples.push({ realMs: Date.now(), publicAddress: s.online ? s.publicAddress : null, online: s.online });
    options.onSighting?.(s, channel);
  };
  const deadline = Date.now() + options.durationMs;
  const pollMs = options.pollMs ?? 1000;
  let channel: TrackChannel;

  try {
    const watch = await watchUser(attacker, username, (s) => record(s, 'presence (L2)'));
    channel = 'presence (L2)';
    await sleep(Math.max(0, deadline - Date.now()));
    watch.stop();
  } catch (error) {
    if (!(error instanceof WatchRefused)) throw error;
    // A username nobody has is said at once; where the answer may hide a user (M2, M5), keep trying.
    const mitigations = await attacker.directoryMitigations();
    const directory = attacker.client.baseUrl.origin;
    if (absenceOf(error.code, mitigations) === 'no such user') throw new NoSuchUser(username, directory);
    const first = await resolveUser(attacker, username);
    if (absenceOf(first.answer, mitigations) === 'no such user') throw new NoSuchUser(username, directory);
    const poll = first.leaked
      ? async () => resolveUser(attacker, username)
      : async () => probeCall(attacker, username);
    channel = first.leaked ? 'profile lookups (L1)' : 'probe calls (L3)';
    for (let result = first; Date.now() < deadline; result = await poll()) {
      if (result.leaked) {
        record(
          {
            username,
            online: true,
            at: new Date().toISOString(),
            publicAddress: result.publicAddress,
            observedAddress: result.observedAddress,
            port: result.port,
            localAddresses: result.localAddresses,
          },
          channel,
        );
      }
      await sleep(Math.min(pollMs, Math.max(0, deadline - Date.now())));
    }
    if (!samples.length) channel = 'none';
  }
  samples.push({ realMs: deadline, publicAddress: null, online: false });
  await options.syncClock?.();
  return summarise(username, channel, samples, options);
}

async function summarise(
  username: string,
  channel: TrackChannel,
  samples: { realMs: number; publicAddress: string | null }[],
  options: TrackOptions,
): Promise<Timeline> {
  const stays: Stay[] = [];
  for (let i = 0; i < samples.length - 1; i++) {
    const address = samples[i].publicAddress;
    if (!address) continue;
    const fromLab = options.labMinutes(samples[i].realMs);
    const toLab = options.labMinutes(samples[i + 1].realMs);
    const last = stays.at(-1);
    if (last && last.publicAddress === address && Math.abs(last.toLab - fromLab) < 1) last.toLab = toLab;
    else stays.push({ publicAddress: address, fromLab, toLab, labMinutes: 0, isp: null, city: null });
  }
  const enrichment = new Map<string, Enrichment | undefined>();
  for (const stay of stays) {
    stay.labMinutes = Math.round(stay.toLab - stay.fromLab);
    if (!enrichment.has(stay.publicAddress)) {
      enrichment.set(stay.publicAddress, await options.enrich?.(stay.publicAddress).catch(() => undefined));
    }
    const e = enrichment.get(stay.publicAddress);
    stay.isp = e?.isp ?? null;
    stay.city = e?.city ?? null;
  }
  const minutesWhere = (predicate: (minuteOfDay: number) => boolean) => {
    const totals = new Map<string, number>();
    for (const stay of stays) {
      for (let m = Math.floor(stay.fromLab); m < stay.toLab; m++) {
        if (predicate(((m % 1440) + 1440) % 1440))
          totals.set(stay.publicAddress, (totals.get(stay.publicAddress) ?? 0) + 1);
      }
    }
    return [...totals.entries()].sort((a, b) => b[1] - a[1]);
  };
  const describe = (address: string | undefined) => {
    if (!address) return null;
    const e = enrichment.get(address);
    return { publicAddress: address, isp: e?.isp ?? null, city: e?.city ?? null };
  };
  const homeAddress = minutesWhere(isNight)[0]?.[0];
  const workAddress = minutesWhere(isOfficeHours).find(([address]) => address !== homeAddress)?.[0];
  const totals = minutesWhere(() => true);
  return {
    username,
    channel,
    sightings: samples.length - 1,
    stays,
    timeAt: totals.map(([address, minutes]) => ({ ...describe(address)!, labMinutes: minutes })),
    home: describe(homeAddress),
    work: describe(workAddress),
  };
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
