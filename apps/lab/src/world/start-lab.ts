import { randomBytes } from 'node:crypto';
import type { INestApplication } from '@nestjs/common';
import { RunningIsp, startIsp } from '@lab/isp';
import { LAB_VERSION } from '@lab/protocol';
import { DEFAULT_RELAY_OPTIONS, RunningRelay, startRelay } from '@lab/relay';
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
  let server: RunningLab['server'] | undefined;
  let isp: RunningIsp | undefined;
  let ispFixed: RunningIsp | undefined;
  let relay: RunningRelay | undefined;
  let workshop: Workshop | undefined;
  try {
    await world.detectAddressing();
    // M4's relay; the secret only ever travels between it and the directories in this process.
    const secret = randomBytes(16).toString('hex');
    relay = await startRelay({
      ...DEFAULT_RELAY_OPTIONS,
      host: options.host,
      port: options.ports.relay,
      mediaPort: options.ports.relay === 0 ? 0 : options.ports.relay + 1,
      secret,
      logLevel: options.logLevel,
    });
    world.relay = { url: relay.url, secret };
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
    isp = await ispFor('vulnerable', options.ports.isp);
    ispFixed = await ispFor('fixed', options.ports.ispFixed);
    world.ispUrls = { vulnerable: isp.url, fixed: ispFixed.url };
    await world.startCoreDirectories();
    workshop = Workshop.open(
      { world, dataDir: options.dataDir, seedOverride: options.workshopSeed },
      exercises,
    );
    server = await startLabServer(world, options.ports.lab, workshop, { consoleDir: options.consoleDir });
  } catch (error) {
    workshop?.close();
    await world.stop();
    await isp?.close();
    await ispFixed?.close();
    await relay?.close();
    unlock();
    throw error;
  }
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
  const labServer = server;
  const registry = isp;
  const registryFixed = ispFixed;
  const callRelay = relay;
  const labWorkshop = workshop;
  return {
    world,
    server: labServer,
    readyInMs: Date.now() - started,
    parts,
    isp: registry,
    ispFixed: registryFixed,
    workshop: labWorkshop,
    stop: async () => {
      await labServer.app.close();
      labWorkshop.close();
      await world.stop();
      await registry.close();
      await registryFixed.close();
      await callRelay.close();
      unlock();
    },
  };
}
