import { INestApplication, Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { NestExpressApplication } from '@nestjs/platform-express';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { HttpExceptionFilter, bodyParserErrors, strictValidationPipe } from '@lab/directory';
import { PinoNestLogger, createHttpLogger, createLogger } from '@lab/logging';
import { LAB_VERSION } from '@lab/protocol';
import type { LabWorld } from '../world/lab-world';
import { LAB_WORLD, LabController } from './lab.controller';

/** The lab's own HTTP API on port 7000 (the web console will live here too). */
export async function startLabServer(
  world: LabWorld,
  port: number,
): Promise<{ app: INestApplication; url: string }> {
  const logger = createLogger({ service: 'lab', version: LAB_VERSION, level: world.options.logLevel });

  @Module({ controllers: [LabController], providers: [{ provide: LAB_WORLD, useValue: world }] })
  class LabModule {}

  const app = await NestFactory.create<NestExpressApplication>(LabModule, {
    logger: new PinoNestLogger(logger),
    bodyParser: false,
    abortOnError: false,
  });
  app.use(createHttpLogger(logger));
  app.useBodyParser('json', { limit: 16 * 1024, strict: true });
  app.use(bodyParserErrors);
  app.disable('x-powered-by');
  app.useGlobalFilters(new HttpExceptionFilter(logger));
  app.useGlobalPipes(strictValidationPipe());
  const document = SwaggerModule.createDocument(
    app,
    new DocumentBuilder().setTitle('lastseen-lab orchestrator').setVersion(LAB_VERSION).build(),
  );
  SwaggerModule.setup('docs', app, document);
  await app.listen(port, world.options.host);
  const { port: actual } = app.getHttpServer().address() as { port: number };
  return { app, url: `http://${world.options.host}:${actual}` };
}
