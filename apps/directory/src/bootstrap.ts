import { INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { NestExpressApplication } from '@nestjs/platform-express';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import type { Logger } from 'pino';
import { MAX_HTTP_BODY_BYTES } from '@lab/protocol';
import { PinoNestLogger, createHttpLogger, createLogger } from '@lab/logging';
import { HttpExceptionFilter, bodyParserErrors } from './common/http-exception.filter';
import { strictValidationPipe } from './common/validation';
import { DirectoryOptions, checkRelayOptions, variantOf } from './config/directory.config';
import { DirectoryModule } from './directory.module';
import { removeAddressFieldsFromSchema } from './mitigations/m1-data-minimisation';
import { composePolicy } from './policy/compose-policy';
import { LabWsAdapter } from './realtime/lab-ws.adapter';

export interface RunningDirectory {
  app: INestApplication;
  url: string;
  logger: Logger;
  close(): Promise<void>;
}

/** Builds and starts one directory instance; used by the standalone entry point, the lab and the tests. */
export async function startDirectory(options: DirectoryOptions): Promise<RunningDirectory> {
  checkRelayOptions(options); // M4 without a relay fails here, before anything listens
  const policy = composePolicy(options.mitigations, { relayCalls: options.relay?.calls });
  const logger = createLogger({
    service: options.name,
    version: options.version,
    level: options.logLevel,
    redact: policy.logRedactions,
    destination: options.logDestination,
  });
  const app = await NestFactory.create<NestExpressApplication>(DirectoryModule.forRoot(options, logger), {
    logger: new PinoNestLogger(logger),
    bodyParser: false,
    // Fail by rejecting, so the caller (the lab, a test) decides; Nest would exit the process.
    abortOnError: false,
  });
  app.use(createHttpLogger(logger));
  // A strict JSON body parser: 16 KiB at most, objects and arrays only.
  app.useBodyParser('json', { limit: MAX_HTTP_BODY_BYTES, strict: true });
  app.use(bodyParserErrors);
  app.disable('x-powered-by');
  app.set('etag', false);
  app.useWebSocketAdapter(new LabWsAdapter(app));
  app.useGlobalFilters(new HttpExceptionFilter(logger));
  app.useGlobalPipes(strictValidationPipe());

  const variant = variantOf(policy.mitigations);
  const document = SwaggerModule.createDocument(
    app,
    new DocumentBuilder()
      .setTitle(
        `lastseen-lab directory (${variant}${policy.mitigations.length ? ': ' + policy.mitigations.join(', ') : ''})`,
      )
      .setDescription(
        'A mock peer-to-peer directory that leaks where its users connect from, unless its mitigations are on. ' +
          'The WebSocket protocol (/ws) is described in docs/protocol.md.',
      )
      .setVersion(options.version)
      .addBearerAuth()
      .build(),
  );
  SwaggerModule.setup(
    'docs',
    app,
    policy.mitigations.includes('M1') ? removeAddressFieldsFromSchema(document) : document,
  );

  await app.listen(options.port, options.host);
  const address = app.getHttpServer().address() as { port: number };
  const host = options.host.includes(':') ? `[${options.host}]` : options.host;
  return {
    app,
    url: `http://${host}:${address.port}`,
    logger,
    close: () => app.close(),
  };
}
