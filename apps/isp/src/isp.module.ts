import { DynamicModule, Module } from '@nestjs/common';
import type { Logger } from 'pino';
import { AddressPlan, LeaseLog } from '@lab/address-plan';
import { BannerController } from './banner/banner.controller';
import type { IspOptions } from './config/isp.config';
import { DeskController } from './desk/desk.controller';
import { DeskService } from './desk/desk.service';
import { deskPolicyFor } from './desk/desk-variant';
import { SubscriberInbox } from './desk/subscriber-inbox';
import { DESK_POLICY, ISP_LOGGER, ISP_OPTIONS, SUBSCRIBER_INBOX } from './isp.tokens';
import { LawfulRequestGuard } from './leases/lawful-request.guard';
import { LeasesController } from './leases/leases.controller';
import { LeasesService } from './leases/leases.service';
import { RdapExceptionFilter } from './rdap/rdap-http';
import { RdapController } from './rdap/rdap.controller';
import { RdapService } from './rdap/rdap.service';

/**
 * The mock internet registry and its ISPs: a public RDAP registry built from the address plan,
 * and each ISP's lease log, which the caller (the lab's population) writes and which answers
 * lawful requests only; and each ISP's support desk, vulnerable or fixed (options.desk).
 */
@Module({})
export class IspModule {
  static forRoot(options: IspOptions, logger: Logger): DynamicModule {
    return {
      module: IspModule,
      controllers: [BannerController, RdapController, LeasesController, DeskController],
      providers: [
        { provide: ISP_OPTIONS, useValue: options },
        { provide: ISP_LOGGER, useValue: logger },
        { provide: AddressPlan, useValue: options.plan },
        { provide: LeaseLog, useValue: options.leases },
        RdapService,
        RdapExceptionFilter,
        LeasesService,
        LawfulRequestGuard,
        { provide: DESK_POLICY, useValue: deskPolicyFor(options.desk ?? 'vulnerable', options.plan) },
        { provide: SUBSCRIBER_INBOX, useValue: options.inbox ?? new SubscriberInbox() },
        DeskService,
      ],
    };
  }
}
