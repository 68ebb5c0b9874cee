import { INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { NestExpressApplication } from '@nestjs/platform-express';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import type { Logger } from 'pino';
import { HttpExceptionFilter, strictValidationPipe } from '@lab/directory';
import { PinoNestLogger, createHttpLogger, createLogger } from '@lab/logging';
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
  const app = await NestFactory.create<NestExpressApplication>(IspModule.forRoot(options, logger), {
    logger: new PinoNestLogger(logger),
    // Every route is a GET: no request body is ever read.
    bodyParser: false,
    // Fail by rejecting, so the caller (the lab, a test) decides; Nest would exit the process.
    abortOnError: false,
  });
  app.use(createHttpLogger(logger));
  app.disable('x-powered-by');
  app.set('etag', false);
  // The lab's JSON errors everywhere; the RDAP routes override it with RFC 9083 error bodies.
  app.useGlobalFilters(new HttpExceptionFilter(logger));
  app.useGlobalPipes(strictValidationPipe());

  const document = SwaggerModule.createDocument(
    app,
    new DocumentBuilder()
      .setTitle('lastseen-lab ISP registry')
      .setDescription(
        "The lab's mock internet registry (RDAP, RFC 9083: network, ISP, AS number, rough location) " +
          "and its ISPs' lease logs, which name a subscriber and answer lawful requests only.",
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
      )
      .build(),
  );
  SwaggerModule.setup('docs', app, document);

  await app.listen(options.port, options.host);
  const address = app.getHttpServer().address() as { port: number };
  const host = options.host.includes(':') ? `[${options.host}]` : options.host;
  return { app, url: `http://${host}:${address.port}`, logger, close: () => app.close() };
}
