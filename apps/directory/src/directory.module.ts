import { DynamicModule, Global, Module } from '@nestjs/common';
import type { Logger } from 'pino';
import { AccountsController } from './accounts/accounts.controller';
import { AccountsService } from './accounts/accounts.service';
import { BearerAuthGuard } from './accounts/bearer-auth.guard';
import { BannerController } from './banner/banner.controller';
import { CallsService } from './calls/calls.service';
import { HttpRelayAllocator, NoRelayAllocator, RelayAllocator } from './calls/relay-allocator';
import { LookupLimiter } from './common/lookup-limiter';
import { RateLimitGuard } from './common/rate-limit.guard';
import type { DirectoryOptions } from './config/directory.config';
import { ContactsController } from './contacts/contacts.controller';
import { ContactsPresenceVisibility } from './contacts/contacts-presence-visibility';
import { ContactsService } from './contacts/contacts.service';
import { Relations } from './contacts/relations';
import { DIRECTORY_LOGGER, DIRECTORY_OPTIONS, DIRECTORY_POLICY } from './directory.tokens';
import { PersistenceModule } from './persistence/persistence.module';
import { directoryPolicy } from './protocol-profiles/profile-policy';
import { PresenceVisibility } from './presence/presence-visibility';
import { PresenceService } from './presence/presence.service';
import { ProfilesController } from './profiles/profiles.controller';
import { ProfilesService } from './profiles/profiles.service';
import { RealtimeGateway } from './realtime/realtime.gateway';

/**
 * One directory instance: the same code is the vulnerable directory, the fixed one, or anything
 * in between — the policy built from `options.mitigations` decides. Several instances can run in
 * one process (the lab runs two), each with its own options, logger and database.
 */
@Global()
@Module({})
export class DirectoryModule {
  static forRoot(options: DirectoryOptions, logger: Logger): DynamicModule {
    return {
      module: DirectoryModule,
      imports: [PersistenceModule],
      controllers: [BannerController, AccountsController, ContactsController, ProfilesController],
      providers: [
        { provide: DIRECTORY_OPTIONS, useValue: options },
        {
          provide: DIRECTORY_POLICY,
          useValue: directoryPolicy(options),
        },
        {
          provide: RelayAllocator,
          useValue:
            options.relay && options.mitigations.includes('M4')
              ? new HttpRelayAllocator(options.relay)
              : new NoRelayAllocator(),
        },
        { provide: DIRECTORY_LOGGER, useValue: logger },
        LookupLimiter,
        RateLimitGuard,
        AccountsService,
        BearerAuthGuard,
        Relations,
        ContactsService,
        { provide: PresenceVisibility, useClass: ContactsPresenceVisibility },
        ProfilesService,
        PresenceService,
        CallsService,
        RealtimeGateway,
      ],
      exports: [DIRECTORY_OPTIONS, DIRECTORY_POLICY, DIRECTORY_LOGGER],
    };
  }
}
