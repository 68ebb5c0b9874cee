/**
 * The tracking study of [@LeBlond2011], replayed on the lab's own simulated population: N users
 * (seeded) move between home, work and mobile networks on the lab clock, and an attacker resolves
 * every user once per lab hour for D lab days, building each user's timeline. Then the same
 * attacker against the fixed directory.
 *
 *   npm run bench:tracking [-- --users 10000 --days 14 --fixed-hours 24 --pipelining 8 --out file.json]
 *
 * Three processes: the directory, the population (bench/support/population-process.ts: one real
 * WebSocket per online user, from the loopback mirror of its network's address in
 * plan/large-population.yaml), and this one, the attacker. The lab clock is stepped by the study:
 * each lab hour, every user whose routine says so changes network, then the attacker resolves all,
 * and every answer is checked against where the population is at that hour.
 * Findings are measured against the population's ground truth (its routines).
 */
import { writeFileSync } from 'node:fs';
import { Agent, request } from 'node:http';
import { parseArgs } from 'node:util';
import { Pool } from 'undici';
import { LARGE_POPULATION_PLAN_PATH, generatePersonas, loadPlan } from '@lab/address-plan';
import { DirectoryClient } from '@lab/directory-client';
import { checkTargetHost } from '@lab/sandbox';
import { startServer, startWorker } from './support/processes';
import { progress } from './support/stats';

export interface StudyOptions {
  users: number;
  days: number;
  /** Lab hours the attacker spends on the fixed directory (its answers do not change with time). */
  fixedHours: number;
  seed: number;
  /** Requests per kept-alive connection before the first answer (1: none, Node's own http client). */
  pipelining: number;
}

export interface StudyRun {
  variant: 'vulnerable' | 'fixed';
  users: number;
  labHours: number;
  resolutions: number;
  /** Wall time of the lab hours (moves and resolutions), seconds; sign-ups not included. */
  wallSeconds: number;
  /** Wall time of the attacker's lookups alone, seconds. */
  lookupSeconds: number;
  resolutionsPerSecond: number;
  /** Resolutions over the whole wall time of the lab hours (the population's moves included). */
  endToEndPerSecond: number;
  /** Wall time of the population's moves alone, seconds. */
  moveSeconds: number;
  /** CPU time (user + system) each process used during the lab hours, seconds. */
  cpuSeconds: { directory: number; attacker: number; population: number };
  /** All three processes' CPU time during the lab hours, per resolution, µs: what a busy machine disturbs least. */
  cpuMicrosPerResolution: number;
  signUpSeconds: number;
  moves: number;
  statusCodes: Record<string, number>;
  peakRssBytes: { directory: number; attacker: number; population: number };
  /** Distinct (user, address) pairs the attacker learnt. */
  leakedAddresses: number;
  findings?: {
    usersTracked: number;
    seenOnTwoOrMoreIsps: number;
    seenInTwoOrMoreCities: number;
    /** Ground truth: users whose routine does take them to two or more ISPs / cities. */
    truthTwoOrMoreIsps: number;
    truthTwoOrMoreCities: number;
    homeGuessedRight: number;
    workGuessedRight: number;
    usersWithWork: number;
  };
}

export interface StudyResults {
  options: StudyOptions;
  runs: StudyRun[];
}

const ATTACKER_ADDRESS = '127.0.113.200'; // the participant's café network (OpenNet)
const IPV4 = /\b\d{1,3}(?:\.\d{1,3}){3}\b/;
/** Lookups the attacker keeps in flight at once. */
const IN_FLIGHT = 48;

/**
 * The attacker's HTTP client: one GET per user, from the café's address, over a few kept-alive
 * connections. With `pipelining` > 1 (undici) each connection carries that many requests before
 * their answers come back (HTTP/1.1 pipelining): still one lookup per request,
 * answered in order, but fewer round trips, reads and wake-ups on both sides per lookup.
 */
function attacker(url: string, token: string, pipelining: number) {
  checkTargetHost(new URL(url)); // the sandbox guard, before any connection
  const headers = { authorization: `Bearer ${token}` };
  if (pipelining > 1) {
    const pool = new Pool(url, {
      connections: Math.ceil(IN_FLIGHT / pipelining),
      pipelining,
      localAddress: ATTACKER_ADDRESS,
    });
    const once = async (username: string) => {
      const { statusCode, body } = await pool.request({ method: 'GET', path: `/users/${username}`, headers });
      return { status: statusCode, text: await body.text() };
    };
    // undici lets an idle connection go before the directory's keep-alive timeout; should the
    // directory close one first anyway, the requests queued on it fail: a GET is safe to send again, once.
    const lookup = (username: string) =>
      once(username).catch((error: NodeJS.ErrnoException) => {
        if (error.code !== 'UND_ERR_SOCKET' && error.code !== 'ECONNRESET') throw error;
        return once(username);
      });
    return { lookup, close: () => pool.destroy() };
  }
  const agent = new Agent({ keepAlive: true, maxSockets: IN_FLIGHT, localAddress: ATTACKER_ADDRESS });
  const once = (username: string) =>
    new Promise<{ status: number; text: string }>((resolve, reject) => {
      request(`${url}/users/${username}`, { agent, headers }, (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => (text += chunk));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, text }));
      })
        .on('error', reject)
        .end();
    });
  // A kept-alive socket the directory closed while the population moved (its keep-alive timeout is
  // 5 s) fails at its next use: a GET is safe to send again, once.
  const lookup = (username: string) =>
    once(username).catch((error: NodeJS.ErrnoException) => {
      if (error.code !== 'ECONNRESET') throw error;
      return once(username);
    });
  return { lookup, close: async () => agent.destroy() };
}

async function runStudy(
  variant: 'vulnerable' | 'fixed',
  options: StudyOptions,
  labHours: number,
): Promise<StudyRun> {
  const plan = loadPlan(LARGE_POPULATION_PLAN_PATH);
  const personas = generatePersonas(plan, options.users, options.seed);
  const directory = await startServer({
    kind: 'directory',
    mitigations: variant === 'fixed' ? 'all' : 'none',
    // Request lines at info for 3 million lookups would measure the disk: warn, as a tuned server runs.
    logLevel: 'warn',
  });
  const people = startWorker('population-process.js');
  let attackerPeak = process.memoryUsage.rss();
  const sampler = setInterval(() => (attackerPeak = Math.max(attackerPeak, process.memoryUsage.rss())), 200);
  try {
    await people.ready;
    const signUpStarted = Date.now();
    progress(`${variant}: signing up ${options.users} users`);
    await people.send({ init: { url: directory.url, count: options.users, seed: options.seed } });
    const signUpSeconds = (Date.now() - signUpStarted) / 1000;
    const spy = new DirectoryClient({ baseUrl: directory.url, localAddress: ATTACKER_ADDRESS });
    const { token } = await spy.signUp('attacker', 'bench-password-2011');
    spy.close();
    const resolve = attacker(directory.url, token, options.pipelining);

    // Each user's timeline: the address seen at each lab hour (an index into `addresses`, -1: none).
    const addresses: string[] = [];
    const addressIds = new Map<string, number>();
    const timeline = new Int32Array(personas.length * labHours).fill(-1);
    const statusCodes: Record<string, number> = {};
    let moves = 0;
    let lookupMs = 0;
    let moveMs = 0;
    const cpuNow = async () => ({
      directory: await directory.cpuMicros(),
      attacker: ((usage) => usage.user + usage.system)(process.cpuUsage()),
      population: (await people.send<{ cpuMicros: number }>('cpu')).cpuMicros,
    });
    const cpuAtStart = await cpuNow();
    const started = Date.now();
    // The ground truth of the hour: where each user is connected from, or was last (offline).
    // Every answer of the vulnerable directory must match it: a lookup before a move was done would not.
    const truth: (string | undefined)[] = new Array(personas.length);
    let offTruth = 0;
    const resolveOne = async (u: number, h: number) => {
      const { status, text } = await resolve.lookup(personas[u].username);
      statusCodes[status] = (statusCodes[status] ?? 0) + 1;
      if (variant === 'fixed') {
        if (IPV4.test(text)) throw new Error(`the fixed directory leaked an address: ${text}`);
        return;
      }
      const seen = status === 200 ? (JSON.parse(text) as { lastSeenAddress?: string | null }) : {};
      if (!seen.lastSeenAddress) {
        if (truth[u] !== undefined) offTruth++;
        return;
      }
      let id = addressIds.get(seen.lastSeenAddress);
      if (id === undefined) {
        // The directory answers with the loopback mirror; the timeline keeps the plan's address.
        const address = plan.toSimulated(seen.lastSeenAddress) ?? seen.lastSeenAddress;
        id = addresses.indexOf(address);
        if (id < 0) id = addresses.push(address) - 1;
        addressIds.set(seen.lastSeenAddress, id);
      }
      if (addresses[id] !== truth[u]) offTruth++;
      timeline[u * labHours + h] = id;
    };
    for (let h = 0; h < labHours; h++) {
      personas.forEach((persona, u) => {
        const slot = plan.slotAt(persona, (h % 24) * 60);
        if (slot !== 'offline') truth[u] = persona.networks[slot]!.publicAddress;
      });
      // Every move of the hour first, then one lookup of everyone: the lookups travel in one
      // pipelined batch. (Resolving each user as soon as its own move was done, the lookups
      // overlapping the moves, measured no faster: the directory is busy during the moves too,
      // and lookups sent as single moves finished lose the batching.)
      const movesStarted = Date.now();
      moves += (await people.send<{ moves: number }>({ hour: h })).moves;
      moveMs += Date.now() - movesStarted;
      const lookupsStarted = Date.now();
      let next = 0;
      await Promise.all(
        Array.from({ length: IN_FLIGHT }, async () => {
          while (next < personas.length) await resolveOne(next++, h);
        }),
      );
      lookupMs += Date.now() - lookupsStarted;
      if (h % 6 === 5 || h === labHours - 1)
        progress(`${variant}: lab day ${Math.floor(h / 24) + 1}, ${String(h % 24).padStart(2, '0')}:00`);
    }
    const wallSeconds = (Date.now() - started) / 1000;
    if (offTruth)
      throw new Error(
        `${offTruth} answers did not match where the population was at that lab hour: a lookup ran before its user's move was done`,
      );
    const cpuAtEnd = await cpuNow();
    const cpuSeconds = {
      directory: (cpuAtEnd.directory - cpuAtStart.directory) / 1e6,
      attacker: (cpuAtEnd.attacker - cpuAtStart.attacker) / 1e6,
      population: (cpuAtEnd.population - cpuAtStart.population) / 1e6,
    };
    await resolve.close();
    const resolutions = personas.length * labHours;
    const peaks = {
      directory: await directory.peakRss(),
      attacker: Math.max(attackerPeak, process.resourceUsage().maxRSS * 1024),
      population: (await people.send<{ peakRss: number }>('peak-rss')).peakRss,
    };

    let leakedAddresses = 0;
    let findings: StudyRun['findings'];
    if (variant === 'vulnerable') {
      findings = {
        usersTracked: 0,
        seenOnTwoOrMoreIsps: 0,
        seenInTwoOrMoreCities: 0,
        truthTwoOrMoreIsps: 0,
        truthTwoOrMoreCities: 0,
        homeGuessedRight: 0,
        workGuessedRight: 0,
        usersWithWork: 0,
      };
      const locate = (address: string) => plan.locate(address);
      personas.forEach((persona, u) => {
        const seen = new Set<number>();
        const night = new Map<number, number>();
        const office = new Map<number, number>();
        for (let h = 0; h < labHours; h++) {
          const id = timeline[u * labHours + h];
          if (id < 0) continue;
          seen.add(id);
          const hourOfDay = h % 24;
          // Home: where the user is in the small hours. Work: where the user is around midday.
          if (hourOfDay <= 5) night.set(id, (night.get(id) ?? 0) + 1);
          if (hourOfDay >= 10 && hourOfDay <= 15) office.set(id, (office.get(id) ?? 0) + 1);
        }
        leakedAddresses += seen.size;
        if (seen.size) findings!.usersTracked++;
        const where = [...seen].map((id) => locate(addresses[id]));
        if (new Set(where.map((w) => w?.isp.id)).size >= 2) findings!.seenOnTwoOrMoreIsps++;
        if (new Set(where.map((w) => w?.prefix.location.city)).size >= 2) findings!.seenInTwoOrMoreCities++;
        const truth = Object.values(persona.networks).map((n) => locate(n!.publicAddress));
        // The truth counts only the networks the hourly routine reaches (a stop under an hour may be missed).
        if (new Set(truth.map((t) => t?.isp.id)).size >= 2) findings!.truthTwoOrMoreIsps++;
        if (new Set(truth.map((t) => t?.prefix.location.city)).size >= 2) findings!.truthTwoOrMoreCities++;
        const top = (m: Map<number, number>) => [...m].sort((a, b) => b[1] - a[1])[0]?.[0];
        const home = top(night);
        if (home !== undefined && addresses[home] === persona.networks.home?.publicAddress)
          findings!.homeGuessedRight++;
        if (persona.networks.work) {
          findings!.usersWithWork++;
          const work = top(office);
          if (work !== undefined && addresses[work] === persona.networks.work.publicAddress)
            findings!.workGuessedRight++;
        }
      });
    }
    return {
      variant,
      users: personas.length,
      labHours,
      resolutions,
      wallSeconds,
      lookupSeconds: lookupMs / 1000,
      resolutionsPerSecond: resolutions / (lookupMs / 1000),
      endToEndPerSecond: resolutions / wallSeconds,
      moveSeconds: moveMs / 1000,
      cpuSeconds,
      cpuMicrosPerResolution:
        ((cpuSeconds.directory + cpuSeconds.attacker + cpuSeconds.population) * 1e6) / resolutions,
      signUpSeconds,
      moves,
      statusCodes,
      peakRssBytes: peaks,
      leakedAddresses,
      findings,
    };
  } finally {
    clearInterval(sampler);
    progress('');
    await people.stop();
    await directory.stop();
  }
}

export async function trackingStudy(options: StudyOptions): Promise<StudyResults> {
  const runs = [await runStudy('vulnerable', options, options.days * 24)];
  if (options.fixedHours > 0) runs.push(await runStudy('fixed', options, options.fixedHours));
  return { options, runs };
}

const MIB = 1024 * 1024;
export function studyTable(results: StudyResults): string[] {
  const lines = [
    '| directory | users | lab hours | resolutions | wall time s (of which moves) | resolutions/s: end to end / lookups alone | CPU µs per resolution: directory + attacker + population | answers | peak RSS MiB: directory / attacker / population | addresses learnt | lookups per address |',
    '| --- | ---: | ---: | ---: | ---: | ---: | ---: | --- | --- | ---: | ---: |',
  ];
  const n = (x: number) => Math.round(x).toLocaleString('en-GB');
  for (const r of results.runs) {
    const answers = Object.entries(r.statusCodes)
      .map(([code, count]) => `${code}: ${count.toLocaleString('en-GB')}`)
      .join(', ');
    const rss = [r.peakRssBytes.directory, r.peakRssBytes.attacker, r.peakRssBytes.population]
      .map((b) => Math.round(b / MIB))
      .join(' / ');
    // Runs recorded before the CPU and move figures were kept show a dash.
    const moves = r.moveSeconds === undefined ? '' : ` (${r.moveSeconds.toFixed(1)})`;
    const endToEnd = r.endToEndPerSecond === undefined ? '—' : n(r.endToEndPerSecond);
    const cpu = r.cpuSeconds
      ? `${n(r.cpuMicrosPerResolution)}: ${[
          r.cpuSeconds.directory,
          r.cpuSeconds.attacker,
          r.cpuSeconds.population,
        ]
          .map((seconds) => n((seconds * 1e6) / r.resolutions))
          .join(' + ')}`
      : '—';
    lines.push(
      `| ${r.variant} | ${r.users.toLocaleString('en-GB')} | ${r.labHours} | ${r.resolutions.toLocaleString('en-GB')} | ` +
        `${r.wallSeconds.toFixed(1)}${moves} | ${endToEnd} / ${n(r.resolutionsPerSecond)} | ${cpu} | ${answers} | ${rss} | ` +
        `${r.leakedAddresses.toLocaleString('en-GB')} | ${r.leakedAddresses ? (r.resolutions / r.leakedAddresses).toFixed(1) : `∞ (none in ${r.resolutions.toLocaleString('en-GB')})`} |`,
    );
  }
  return lines;
}

export function findingsTable(results: StudyResults): string[] {
  const f = results.runs.find((r) => r.findings)?.findings;
  if (!f) return [];
  const pct = (n: number, of: number) =>
    `${n.toLocaleString('en-GB')} of ${of.toLocaleString('en-GB')} (${of ? ((100 * n) / of).toFixed(1) : '0'} %)`;
  const users = results.runs[0].users;
  return [
    '| finding (vulnerable directory) | the attacker | ground truth |',
    '| --- | --- | --- |',
    `| users tracked (an address seen at least once) | ${pct(f.usersTracked, users)} | ${users.toLocaleString('en-GB')} users |`,
    `| seen on two or more ISPs | ${pct(f.seenOnTwoOrMoreIsps, users)} | ${pct(f.truthTwoOrMoreIsps, users)} |`,
    `| seen in two or more cities | ${pct(f.seenInTwoOrMoreCities, users)} | ${pct(f.truthTwoOrMoreCities, users)} |`,
    `| home address guessed right (most seen 00:00–05:00) | ${pct(f.homeGuessedRight, users)} | ${users.toLocaleString('en-GB')} have a home |`,
    `| office guessed right (most seen 10:00–15:00) | ${pct(f.workGuessedRight, f.usersWithWork)} | ${f.usersWithWork.toLocaleString('en-GB')} have an office |`,
  ];
}

if (require.main === module) {
  const { values } = parseArgs({
    options: {
      users: { type: 'string', default: '10000' },
      days: { type: 'string', default: '14' },
      'fixed-hours': { type: 'string', default: '24' },
      seed: { type: 'string', default: '2011' },
      pipelining: { type: 'string', default: '8' },
      out: { type: 'string' },
    },
  });
  trackingStudy({
    users: Number(values.users),
    days: Number(values.days),
    fixedHours: Number(values['fixed-hours']),
    seed: Number(values.seed),
    pipelining: Number(values.pipelining),
  })
    .then((results) => {
      console.log(`tracking study, seed ${results.options.seed}, node ${process.version}`);
      for (const line of studyTable(results)) console.log(line);
      console.log('');
      for (const line of findingsTable(results)) console.log(line);
      if (values.out) writeFileSync(values.out, JSON.stringify(results, null, 2));
    })
    .catch((error: unknown) => {
      console.error(error);
      process.exit(1);
    });
}
