import { INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { NestExpressApplication } from '@nestjs/platform-express';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { DocumentBuilder, OpenAPIObject, SwaggerModule } from '@nestjs/swagger';
import type { Logger } from 'pino';
import { PinoNestLogger, createHttpLogger } from '@lab/logging';
import { MAX_HTTP_BODY_BYTES } from '@lab/protocol';
import { fastifyFrameworkErrors, labFastifyAdapter, setUpFastifyApp } from './fastify-app';
import { HttpExceptionFilter, bodyParserErrors } from './http-exception.filter';
import { strictValidationPipe } from './validation';

/** Nest's HTTP adapter: Express, or Fastify (see docs/architecture.md, "The HTTP adapter"). */
export type HttpAdapterKind = 'express' | 'fastify';

export interface LabAppOptions {
  logger: Logger;
  /** Parse JSON request bodies (16 KiB at most); apps whose routes are all GETs leave it off. */
  jsonBody?: boolean;
  /** Express unless told; the directory runs on Fastify, which answers a lookup with less CPU. */
  adapter?: HttpAdapterKind;
}

/**
 * A Nest HTTP app set up the way every lab service is: pino logs with request ids, a strict JSON
 * body parser, strict validation, the lab's JSON error bodies, no framework fingerprint. On either
 * adapter a client sees the same answers, byte for byte, and the logs the same lines.
 */
export async function createLabApp(
  module: unknown,
  options: LabAppOptions & { adapter?: 'express' },
): Promise<NestExpressApplication>;
export async function createLabApp(
  module: unknown,
  options: LabAppOptions & { adapter: 'fastify' },
): Promise<NestFastifyApplication>;
export async function createLabApp(
  module: unknown,
  options: LabAppOptions,
): Promise<NestExpressApplication | NestFastifyApplication>;
export async function createLabApp(
  module: unknown,
  options: LabAppOptions,
): Promise<NestExpressApplication | NestFastifyApplication> {
  const httpLogger = createHttpLogger(options.logger);
  const filter = new HttpExceptionFilter(options.logger);
  const nestOptions = {
    logger: new PinoNestLogger(options.logger),
    bodyParser: false,
    // Fail by rejecting, so the caller (the lab, a test) decides; Nest would exit the process.
    abortOnError: false,
  };
  if (options.adapter === 'fastify') {
    const adapter = labFastifyAdapter(fastifyFrameworkErrors(httpLogger, filter));
    const app = await NestFactory.create<NestFastifyApplication>(module as never, adapter, nestOptions);
    // Fastify sends neither X-Powered-By nor an ETag of its own.
    setUpFastifyApp(app, { httpLogger, jsonBody: options.jsonBody !== false });
    app.useGlobalFilters(filter);
    app.useGlobalPipes(strictValidationPipe());
    return app;
  }
  const app = await NestFactory.create<NestExpressApplication>(module as never, nestOptions);
  app.use(httpLogger);
  if (options.jsonBody !== false) {
    app.useBodyParser('json', { limit: MAX_HTTP_BODY_BYTES, strict: true });
    app.use(bodyParserErrors);
  }
  app.disable('x-powered-by');
  app.set('etag', false);
  app.useGlobalFilters(filter);
  app.useGlobalPipes(strictValidationPipe());
  return app;
}

/** Publishes the OpenAPI document at /docs (and /docs-json), after an optional last edit. */
export function setupDocs(
  app: INestApplication,
  configure: (builder: DocumentBuilder) => DocumentBuilder,
  edit: (document: OpenAPIObject) => OpenAPIObject = (document) => document,
) {
  // Built at the first request for /docs (or /docs-json), not at start-up: scanning every
  // controller costs each app a noticeable part of its start, and most runs never open the docs.
  SwaggerModule.setup('docs', app, () =>
    edit(SwaggerModule.createDocument(app, configure(new DocumentBuilder()).build())),
  );
}

/** Listens and returns the base URL, e.g. `http://127.0.0.1:7001`. */
export async function listen(app: INestApplication, port: number, host: string): Promise<string> {
  await app.listen(port, host);
  const address = app.getHttpServer().address() as { port: number };
  return `http://${host.includes(':') ? `[${host}]` : host}:${address.port}`;
}
