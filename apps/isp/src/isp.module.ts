import { DynamicModule, Module } from '@nestjs/common';
import type { Logger } from 'pino';
import { AddressPlan, LeaseLog } from '@lab/address-plan';
import { BannerController } from './banner/banner.controller';
import type { IspOptions } from './config/isp.config';
import { ISP_LOGGER, ISP_OPTIONS } from './isp.tokens';
import { LawfulRequestGuard } from './leases/lawful-request.guard';
import { LeasesController } from './leases/leases.controller';
import { LeasesService } from './leases/leases.service';
import { RdapExceptionFilter } from './rdap/rdap-http';
import { RdapController } from './rdap/rdap.controller';
import { RdapService } from './rdap/rdap.service';

/**
 * The mock internet registry and its ISPs: a public RDAP registry built from the address plan,
 * and each ISP's lease log, which the caller (the lab's population) writes and which answers
 * lawful requests only.
 */
@Module({})
export class IspModule {
  static forRoot(options: IspOptions, logger: Logger): DynamicModule {
    return {
      module: IspModule,
      controllers: [BannerController, RdapController, LeasesController],
      providers: [
        { provide: ISP_OPTIONS, useValue: options },
        { provide: ISP_LOGGER, useValue: logger },
        { provide: AddressPlan, useValue: options.plan },
        { provide: LeaseLog, useValue: options.leases },
        RdapService,
        RdapExceptionFilter,
        LeasesService,
        LawfulRequestGuard,
      ],
    };
  }
}
