import type { INestApplication } from '@nestjs/common';
import type { LabOptions } from '../config/lab.config';
import { startLabServer } from '../console/lab-server';
import { LabWorld } from './lab-world';

export interface RunningLab {
  world: LabWorld;
  server: { app: INestApplication; url: string };
  readyInMs: number;
  /** What runs where, for the start-up table. */
  parts: { part: string; url: string; notes: string }[];
  stop(): Promise<void>;
}

/** Boots the whole lab: the world (directories and populations) and the lab's own API. */
export async function startLab(options: LabOptions): Promise<RunningLab> {
  const started = Date.now();
  const world = new LabWorld(options);
  await world.detectAddressing();
  let server: RunningLab['server'] | undefined;
  try {
    await world.startCoreDirectories();
    server = await startLabServer(world, options.ports.lab);
  } catch (error) {
    await world.stop();
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
      part: 'lab (API, status)',
      url: server.url,
      notes: `clock ${world.clock.describe()}, ${world.clock.speed}× real time`,
    },
    ...[...world.directories.values()].map((d) => ({
      part: d.name,
      url: d.running.url,
      notes: `mitigations: ${d.mitigations.length ? d.mitigations.join(',') : 'none'}; ${online(d.id)}/${total} personas online`,
    })),
  ];
  const labServer = server;
  return {
    world,
    server: labServer,
    readyInMs: Date.now() - started,
    parts,
    stop: async () => {
      await labServer.app.close();
      await world.stop();
    },
  };
}
