import { INestApplication, Module } from '@nestjs/common';
import { createLabApp, listen, setupDocs } from '@lab/http-kit';
import { createLogger, withAppLogger } from '@lab/logging';
import { LAB_VERSION } from '@lab/protocol';
import type { LabWorld } from '../world/lab-world';
import { WORKSHOP, WorkshopController } from '../workshop/workshop.controller';
import type { Workshop } from '../workshop/workshop.service';
import { LAB_WORLD, LabController } from './lab.controller';

/** The lab's own HTTP API on port 7000 (the web console will live here too). */
export async function startLabServer(
  world: LabWorld,
  port: number,
  workshop: Workshop,
): Promise<{ app: INestApplication; url: string }> {
  const logger = createLogger({ service: 'lab', version: LAB_VERSION, level: world.options.logLevel });

  @Module({
    controllers: [LabController, WorkshopController],
    providers: [
      { provide: LAB_WORLD, useValue: world },
      { provide: WORKSHOP, useValue: workshop },
    ],
  })
  class LabModule {}

  return withAppLogger(logger, async () => {
    const app = await createLabApp(LabModule, { logger });
    setupDocs(app, (builder) => builder.setTitle('lastseen-lab orchestrator').setVersion(LAB_VERSION));
    return { app, url: await listen(app, port, world.options.host) };
  });
}
