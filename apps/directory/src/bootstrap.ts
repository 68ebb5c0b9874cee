import { INestApplication } from '@nestjs/common';
import type { Logger } from 'pino';
import { createLabApp, listen, setupDocs } from '@lab/http-kit';
import { createLogger, withAppLogger } from '@lab/logging';
import { DomainErrorHttpFilter } from './common/domain-error.filters';
import { DirectoryOptions, checkRelayOptions, variantOf } from './config/directory.config';
import { DirectoryModule } from './directory.module';
import { removeAddressFieldsFromSchema } from './mitigations/m1-data-minimisation';
import { directoryPolicy, resolveProfile } from './protocol-profiles/profile-policy';
import { LabWsAdapter } from './realtime/lab-ws.adapter';

export interface RunningDirectory {
  app: INestApplication;
  url: string;
  logger: Logger;
  close(): Promise<void>;
}

/** Builds and starts one directory instance; used by the standalone entry point, the lab and the tests. */
export async function startDirectory(given: DirectoryOptions): Promise<RunningDirectory> {
  const options = resolveProfile(given); // a profile decides the mitigations and the relay mode
  checkRelayOptions(options); // M4 without a relay fails here, before anything listens
  const policy = directoryPolicy(options);
  const logger = createLogger({
    service: options.name,
    version: options.version,
    level: options.logLevel,
    redact: policy.logRedactions,
    destination: options.logDestination,
  });
  // Nest's own messages (WebSocket errors among them) are this directory's, by its own name.
  return withAppLogger(logger, async () => {
    const app = await createLabApp(DirectoryModule.forRoot(options, logger, policy), {
      logger,
      adapter: options.httpAdapter ?? 'fastify',
    });
    // The services' refusals, as HTTP errors; the gateway maps them itself (WsExceptionFilter).
    app.useGlobalFilters(new DomainErrorHttpFilter(logger));
    app.useWebSocketAdapter(new LabWsAdapter(app, logger));

    const variant = variantOf(policy.mitigations);
    setupDocs(
      app,
      (builder) =>
        builder
          .setTitle(
            `lastseen-lab directory (${options.profile ? `profile ${options.profile}, ` : ''}${variant}${policy.mitigations.length ? ': ' + policy.mitigations.join(', ') : ''})`,
          )
          .setDescription(
            'A mock peer-to-peer directory that leaks where its users connect from, unless its mitigations are on. ' +
              'The WebSocket protocol (/ws) is described in docs/protocol.md.',
          )
          .setVersion(options.version)
          .addBearerAuth(),
      // With M1 the published schema visibly lacks the address fields.
      policy.mitigations.includes('M1') ? removeAddressFieldsFromSchema : undefined,
    );

    const url = await listen(app, options.port, options.host);
    return {
      app,
      url,
      logger,
      close: () => withAppLogger(logger, () => app.close()),
    };
  });
}
