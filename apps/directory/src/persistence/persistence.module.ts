import { Global, Inject, Module, OnApplicationShutdown } from '@nestjs/common';
import type Database from 'better-sqlite3';
import { DIRECTORY_OPTIONS } from '../directory.tokens';
import type { DirectoryOptions } from '../config/directory.config';
import {
  AccountsRepository,
  AddressHistoryRepository,
  ContactsRepository,
  SessionsRepository,
} from './repositories';
import { openDatabase } from './sqlite/sqlite-database';
import {
  SQLITE,
  SqliteAccountsRepository,
  SqliteAddressHistoryRepository,
  SqliteContactsRepository,
  SqliteSessionsRepository,
} from './sqlite/sqlite-repositories';

/** Binds the storage ports to SQLite (better-sqlite3): a file under data/ by default, `:memory:` in tests. */
@Global()
@Module({
  providers: [
    {
      provide: SQLITE,
      inject: [DIRECTORY_OPTIONS],
      useFactory: (options: DirectoryOptions) => openDatabase(options.database),
    },
    { provide: AccountsRepository, useClass: SqliteAccountsRepository },
    { provide: SessionsRepository, useClass: SqliteSessionsRepository },
    { provide: ContactsRepository, useClass: SqliteContactsRepository },
    { provide: AddressHistoryRepository, useClass: SqliteAddressHistoryRepository },
  ],
  exports: [AccountsRepository, SessionsRepository, ContactsRepository, AddressHistoryRepository],
})
export class PersistenceModule implements OnApplicationShutdown {
  constructor(@Inject(SQLITE) private readonly db: Database.Database) {}

  onApplicationShutdown() {
    if (this.db.open) this.db.close();
  }
}
