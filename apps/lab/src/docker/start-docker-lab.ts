import { INestApplication, Module } from '@nestjs/common';
import { loadPlan } from '@lab/address-plan';
import { createLabApp, listen, setupDocs } from '@lab/http-kit';
import { createLogger, withAppLogger } from '@lab/logging';
import { sharedClock } from '@lab/peers';
import { LAB_VERSION } from '@lab/protocol';
import type { DockerLabOptions } from '../config/docker-lab.config';
import { DOCKER_LAB, DockerLab, DockerLabController } from './docker-lab.controller';

/** The lab API of the Docker world (LAB_WORLD=docker): no parts of its own, it fronts the containers. */
export async function startDockerLab(
  options: DockerLabOptions,
): Promise<{ app: INestApplication; url: string; lab: DockerLab }> {
  const lab: DockerLab = { options, plan: loadPlan(), clock: sharedClock(options.clockFile, options.peers) };
  const logger = createLogger({ service: 'lab', version: LAB_VERSION, level: options.logLevel });

  @Module({ controllers: [DockerLabController], providers: [{ provide: DOCKER_LAB, useValue: lab }] })
  class DockerLabModule {}

  return withAppLogger(logger, async () => {
    const app = await createLabApp(DockerLabModule, { logger });
    setupDocs(app, (builder) => builder.setTitle('lastseen-lab (Docker world)').setVersion(LAB_VERSION));
    return { app, url: await listen(app, options.port, options.host), lab };
  });
}
