import { INestApplication } from '@nestjs/common';
import type { Logger } from 'pino';
import { createLabApp, listen, setupDocs } from '@lab/http-kit';
import { createLogger, withAppLogger } from '@lab/logging';
import type { IspOptions } from './config/isp.config';
import { IspModule } from './isp.module';
import { LAWFUL_REQUEST_SCHEME } from './leases/lawful-request.guard';

export interface RunningIsp {
  app: INestApplication;
  url: string;
  logger: Logger;
  close(): Promise<void>;
}

/** Builds and starts the ISP registry; used by the standalone entry point, the lab and the tests. */
export async function startIsp(options: IspOptions): Promise<RunningIsp> {
  const logger = createLogger({
    service: 'isp',
    version: options.version,
    level: options.logLevel,
    destination: options.logDestination,
  });
  return withAppLogger(logger, async () => {
    // The registry and the lease logs are GETs; the support desk's calls carry JSON bodies. The
    // lab's JSON errors everywhere; the RDAP routes override them with RFC 9083 error bodies.
    const app = await createLabApp(IspModule.forRoot(options, logger), { logger });
    setupDocs(app, (builder) =>
      builder
        .setTitle('lastseen-lab ISP registry')
        .setDescription(
          "The lab's mock internet registry (RDAP, RFC 9083: network, ISP, AS number, rough location) " +
            "and its ISPs' lease logs, which name a subscriber and answer lawful requests only, " +
            `and each ISP's support desk (this instance runs the ${options.desk ?? 'vulnerable'} desk).`,
        )
        .setVersion(options.version)
        .addApiKey(
          {
            type: 'apiKey',
            in: 'header',
            name: 'Authorization',
            description: `"${LAWFUL_REQUEST_SCHEME} <token>", with the token the lab printed at start`,
          },
          'lawful-request',
        ),
    );
    const url = await listen(app, options.port, options.host);
    return { app, url, logger, close: () => withAppLogger(logger, () => app.close()) };
  });
}
