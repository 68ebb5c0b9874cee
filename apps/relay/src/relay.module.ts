import { DynamicModule, Module } from '@nestjs/common';
import type { Logger } from 'pino';
import { AllocationsController } from './allocations/allocations.controller';
import { AllocationsService } from './allocations/allocations.service';
import { RelaySecretGuard } from './allocations/relay-secret.guard';
import { BannerController } from './banner/banner.controller';
import type { RelayOptions } from './config/relay.config';
import { MediaServer } from './media/media.server';
import { RELAY_LOGGER, RELAY_OPTIONS } from './relay.tokens';

/** One relay instance: an HTTP API for the directory, and a TCP media port for the callers. */
@Module({})
export class RelayModule {
  static forRoot(options: RelayOptions, logger: Logger): DynamicModule {
    return {
      module: RelayModule,
      controllers: [BannerController, AllocationsController],
      providers: [
        { provide: RELAY_OPTIONS, useValue: options },
        { provide: RELAY_LOGGER, useValue: logger },
        AllocationsService,
        RelaySecretGuard,
        MediaServer,
      ],
    };
  }
}
