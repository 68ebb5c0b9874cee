import { randomBytes } from 'node:crypto';
import type { INestApplication } from '@nestjs/common';
import { RunningIsp, startIsp } from '@lab/isp';
import { LAB_VERSION } from '@lab/protocol';
import { DEFAULT_RELAY_OPTIONS, startRelay } from '@lab/relay';
import type { LabOptions } from '../config/lab.config';
import type { ConsoleEvents } from '../console/events/console-events';
import { startLabServer } from '../console/lab-server';
import { Workshop } from '../workshop/workshop.service';
import { lockDataDir } from './data-lock';
import { LabWorld } from './lab-world';

export interface RunningLab {
  world: LabWorld;
  server: { app: INestApplication; url: string; events: ConsoleEvents };
  isp: RunningIsp;
  /** The same registry and lease logs, with the fixed support desk: the fixed world's ISP. */
  ispFixed: RunningIsp;
  /** The exercises, their checks and the participant's progress. */
  workshop: Workshop;
  readyInMs: number;
  /** What runs where, for the start-up table. */
  parts: { part: string; url: string; notes: string }[];
  stop(): Promise<void>;
}

/** Boots the whole lab: the world (directories and populations) and the lab's own API. */
export async function startLab(options: LabOptions): Promise<RunningLab> {
  const started = Date.now();
  const world = new LabWorld(options);
  // A broken exercise file stops the start here, naming the file and the field, before anything listens.
  const exercises = Workshop.load({ world, dataDir: options.dataDir });
  const unlock = lockDataDir(options.dataDir); // before any directory opens its database
  // What each part needs before it starts: the directories the relay (M4) and the addressing mode,
  // the lab API the whole world before it listens. The ISPs and the lab API start once both
  // directories listen: their start-up work on the main thread then runs while the populations'
  // password hashes (sign-ups, logins) keep the other core busy, instead of ahead of the first hash.
  let workshop: Workshop;
  try {
    workshop = Workshop.open(
      { world, dataDir: options.dataDir, seedOverride: options.workshopSeed },
      exercises,
    );
  } catch (error) {
    unlock();
    throw error;
  }
  // M4's relay; the secret only ever travels between it and the directories in this process.
  const secret = randomBytes(16).toString('hex');
  const relayStarted = startRelay({
    ...DEFAULT_RELAY_OPTIONS,
    host: options.host,
    port: options.ports.relay,
    mediaPort: options.ports.relay === 0 ? 0 : options.ports.relay + 1,
    secret,
    logLevel: options.logLevel,
  });
  let directoriesListening!: () => void;
  const listening = new Promise<void>((resolve) => (directoriesListening = resolve));
  const directoriesStarted = Promise.all([relayStarted, world.detectAddressing()]).then(([relay]) => {
    world.relay = { url: relay.url, secret };
    return world.startCoreDirectories(directoriesListening);
  });
  // Directories that fail before they listen: nothing else starts, and their failure is passed on.
  const directoriesUp = Promise.race([listening, directoriesStarted]);
  // One ISP registry per world, as one directory per world: the same RDAP and lease logs, the
  // vulnerable support desk beside the vulnerable directory and the fixed desk beside the fixed one.
  const ispFor = (desk: 'vulnerable' | 'fixed', port: number) =>
    startIsp({
      host: options.host,
      port,
      plan: world.plan,
      leases: world.leases,
      lawfulRequestToken: options.lawfulRequestToken,
      desk,
      inbox: world.deskInboxes[desk],
      logLevel: options.logLevel,
      version: LAB_VERSION,
    });
  const ispStarted = directoriesUp.then(() => ispFor('vulnerable', options.ports.isp));
  const ispFixedStarted = directoriesUp.then(() => ispFor('fixed', options.ports.ispFixed));
  const serverStarted = directoriesUp.then(() =>
    startLabServer(world, options.ports.lab, workshop, {
      consoleDir: options.consoleDir,
      listenAfter: Promise.all([directoriesStarted, ispStarted, ispFixedStarted]).then(
        ([, isp, ispFixed]) => (world.ispUrls = { vulnerable: isp.url, fixed: ispFixed.url }),
      ),
    }),
  );
  // Every part settles before anything is judged: a part still starting when another failed would
  // otherwise be left running behind the error.
  const [relayResult, ispResult, ispFixedResult, directoriesResult, serverResult] = await Promise.allSettled([
    relayStarted,
    ispStarted,
    ispFixedStarted,
    directoriesStarted,
    serverStarted,
  ]);
  if (
    relayResult.status === 'rejected' ||
    ispResult.status === 'rejected' ||
    ispFixedResult.status === 'rejected' ||
    directoriesResult.status === 'rejected' ||
    serverResult.status === 'rejected'
  ) {
    const fulfilled = <T>(result: PromiseSettledResult<T>) =>
      result.status === 'fulfilled' ? result.value : undefined;
    await fulfilled(serverResult)?.app.close();
    workshop.close();
    await world.stop();
    await fulfilled(ispResult)?.close();
    await fulfilled(ispFixedResult)?.close();
    await fulfilled(relayResult)?.close();
    unlock();
    // The first failure in start order: the relay's, say, rather than the directories' that waited on it.
    throw [relayResult, ispResult, ispFixedResult, directoriesResult, serverResult].find(
      (result) => result.status === 'rejected',
    )!.reason;
  }
  const relay = relayResult.value;
  const isp = ispResult.value;
  const ispFixed = ispFixedResult.value;
  const server = serverResult.value;
  const online = (id: string) =>
    world.directories
      .get(id)
      ?.population?.status()
      .filter((s) => s.online).length ?? 0;
  const total = world.directories.get('vulnerable')?.population?.agents.size ?? 0;
  const parts = [
    {
      part: 'lab (console, API)',
      url: server.url,
      notes: `clock ${world.clock.describe()}, ${world.clock.speed}× real time`,
    },
    {
      part: 'relay (M4)',
      url: relay.url,
      notes: `media on ${relay.relayAddress}:${relay.relayPort}; used by directories with M4`,
    },
    {
      part: 'isp (RDAP, lease logs)',
      url: isp.url,
      notes: `${world.plan.isps.length} ISPs; lease logs need the lawful-request token; support desk: vulnerable`,
    },
    {
      part: 'isp-fixed',
      url: ispFixed.url,
      notes: 'the same registry and lease logs; support desk: fixed (out-of-band codes, notices)',
    },
    ...[...world.directories.values()].map((d) => ({
      part: d.name,
      url: d.running.url,
      notes: `mitigations: ${d.mitigations.length ? d.mitigations.join(',') : 'none'}; ${online(d.id)}/${total} personas online`,
    })),
  ];
  return {
    world,
    server,
    readyInMs: Date.now() - started,
    parts,
    isp,
    ispFixed,
    workshop,
    stop: async () => {
      await server.app.close();
      workshop.close();
      await world.stop();
      await isp.close();
      await ispFixed.close();
      await relay.close();
      unlock();
    },
  };
}
