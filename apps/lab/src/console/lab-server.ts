import type { Server } from 'node:http';
import { INestApplication, Inject, Module, OnModuleDestroy } from '@nestjs/common';
import { createLabApp, listen, setupDocs } from '@lab/http-kit';
import { createLogger, withAppLogger } from '@lab/logging';
import { LAB_VERSION } from '@lab/protocol';
import type { LabWorld } from '../world/lab-world';
import { WORKSHOP, WorkshopController } from '../workshop/workshop.controller';
import type { Workshop } from '../workshop/workshop.service';
import { ConsoleEvents } from './events/console-events';
import { CONSOLE_JOBS, JobsController } from './jobs/jobs.controller';
import { JobsService } from './jobs/jobs.service';
import { SOURCE_FILES, SourcesController } from './sources/sources.controller';
import { SourceFiles } from './sources/source-files';
import { LAB_WORLD, LabController } from './lab.controller';
import { labHostGuard } from './lab-host-guard';
import {
  CONSOLE_DIR,
  ConsoleHomeController,
  consoleStaticModule,
  defaultConsoleDir,
} from './static/console-files';

export const CONSOLE_EVENTS = Symbol('CONSOLE_EVENTS');

export interface LabServerOptions {
  /** Where the built console is (index.html, app.js…): dist/console/ by default. */
  consoleDir?: string;
  /** The repository whose attack, policy and mitigation files the console shows (found by default). */
  sourceRoot?: string;
  /**
   * Built meanwhile, the API listens only once this settles (the world it serves is up); if it
   * fails, the app is closed and the failure passed on.
   */
  listenAfter?: Promise<unknown>;
}

/** The lab's own HTTP API on port 7000, the web console's files and its live events, on one port. */
export async function startLabServer(
  world: LabWorld,
  port: number,
  workshop: Workshop,
  options: LabServerOptions = {},
): Promise<{ app: INestApplication; url: string; events: ConsoleEvents }> {
  // Failing before it is awaited below is not an unhandled rejection: it is passed on there.
  options.listenAfter?.catch(() => undefined);
  const logger = createLogger({ service: 'lab', version: LAB_VERSION, level: world.options.logLevel });
  const consoleDir = options.consoleDir ?? defaultConsoleDir();
  const events = new ConsoleEvents(world.clock, () => workshop.instance.fingerprint, logger, {
    bindHost: world.options.host,
  });
  const jobs = new JobsService(world, events);

  @Module({
    imports: [consoleStaticModule(consoleDir)],
    controllers: [
      LabController,
      WorkshopController,
      ConsoleHomeController,
      JobsController,
      SourcesController,
    ],
    providers: [
      { provide: LAB_WORLD, useValue: world },
      { provide: WORKSHOP, useValue: workshop },
      { provide: CONSOLE_EVENTS, useValue: events },
      { provide: CONSOLE_DIR, useValue: consoleDir },
      { provide: CONSOLE_JOBS, useValue: jobs },
      { provide: SOURCE_FILES, useValue: new SourceFiles(options.sourceRoot) },
    ],
  })
  class LabModule implements OnModuleDestroy {
    // The engine tells of every first solve, whether the check came from the console, the CLI or curl.
    private readonly unsubscribe = workshop.onSolved((solved) =>
      events.broadcast({ type: 'solved', ...solved }),
    );

    constructor(@Inject(CONSOLE_EVENTS) private readonly consoleEvents: ConsoleEvents) {}

    async onModuleDestroy() {
      this.unsubscribe();
      await jobs.stopAll();
      await this.consoleEvents.close();
    }
  }

  return withAppLogger(logger, async () => {
    const app = await createLabApp(LabModule, { logger });
    // Before every route, the docs and the static files.
    app.use(labHostGuard(world.options.host));
    setupDocs(app, (builder) => builder.setTitle('lastseen-lab orchestrator').setVersion(LAB_VERSION));
    events.attach(app.getHttpServer() as Server);
    if (options.listenAfter) {
      try {
        await app.init();
        await options.listenAfter;
      } catch (error) {
        await app.close();
        throw error;
      }
    }
    return { app, url: await listen(app, port, world.options.host), events };
  });
}
