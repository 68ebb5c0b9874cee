import { INestApplication } from '@nestjs/common';
import type { Logger } from 'pino';
import { createLabApp, setupDocs } from '@lab/http-kit';
import { createLogger, withAppLogger } from '@lab/logging';
import { AllocationsService } from './allocations/allocations.service';
import { RelayOptions, checkRelayOptions } from './config/relay.config';
import { MediaServer } from './media/media.server';
import { RelayModule } from './relay.module';

export interface RunningRelay {
  app: INestApplication;
  /** The HTTP API, e.g. `http://127.0.0.1:7004`: what the directory's DIRECTORY_RELAY_URL names. */
  url: string;
  /** Where the parties connect: the address and port put in relay candidates. */
  relayAddress: string;
  relayPort: number;
  logger: Logger;
  /** Unused allocations currently held. */
  allocations(): number;
  close(): Promise<void>;
}

/** Builds and starts one relay; used by its standalone entry point, the lab and the tests. */
export async function startRelay(options: RelayOptions): Promise<RunningRelay> {
  checkRelayOptions(options, true);
  const logger = createLogger({
    service: options.name,
    version: options.version,
    level: options.logLevel,
    destination: options.logDestination,
  });
  return withAppLogger(logger, async () => {
    const app = await createLabApp(RelayModule.forRoot(options, logger), { logger });
    setupDocs(app, (builder) =>
      builder
        .setTitle('lastseen-lab relay (M4)')
        .setDescription(
          'Allocations for relayed calls (directory only, "Authorization: Relay <secret>"). ' +
            'The media port speaks one line, "<token>\\n", then raw bytes: see libs/protocol/src/relay.ts.',
        )
        .setVersion(options.version),
    );

    let relayPort: number;
    try {
      relayPort = await app.get(MediaServer).listen();
      await app.listen(options.port, options.host);
    } catch (error) {
      await app.close(); // e.g. EADDRINUSE on one port: do not leave the other one open
      throw error;
    }
    const { port } = app.getHttpServer().address() as { port: number };
    const host = options.host.includes(':') ? `[${options.host}]` : options.host;
    const allocations = app.get(AllocationsService);
    return {
      app,
      url: `http://${host}:${port}`,
      relayAddress: options.advertisedAddress ?? options.host,
      relayPort,
      logger,
      allocations: () => allocations.count(),
      close: () => withAppLogger(logger, () => app.close()),
    };
  });
}
