/** Schema migrations, applied in order; `PRAGMA user_version` records how far a file has come. */
export interface Migration {
  version: number;
  name: string;
  sql: string;
}

export const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    name: 'accounts, sessions, contacts, address history',
    sql: `
      CREATE TABLE accounts (
        id INTEGER PRIMARY KEY,
        username TEXT NOT NULL UNIQUE,
        display_name TEXT NOT NULL,
        password_hash TEXT NOT NULL,
        created_at TEXT NOT NULL,
        last_seen_at TEXT,
        last_seen_address TEXT,
        last_seen_port INTEGER,
        last_local_addresses TEXT
      );
      CREATE TABLE sessions (
        token_hash TEXT PRIMARY KEY,
        account_id INTEGER NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
        created_at TEXT NOT NULL,
        expires_at TEXT NOT NULL
      );
      CREATE INDEX sessions_expiry ON sessions(expires_at);
      CREATE TABLE contacts (
        requester_id INTEGER NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
        addressee_id INTEGER NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
        state TEXT NOT NULL CHECK (state IN ('pending', 'accepted')),
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL,
        PRIMARY KEY (requester_id, addressee_id),
        CHECK (requester_id <> addressee_id)
      );
      CREATE INDEX contacts_addressee ON contacts(addressee_id);
      CREATE TABLE address_history (
        id INTEGER PRIMARY KEY,
        account_id INTEGER NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
        address TEXT NOT NULL,
        port INTEGER,
        local_addresses TEXT NOT NULL,
        seen_at TEXT NOT NULL
      );
      CREATE INDEX address_history_account ON address_history(account_id, seen_at);
    `,
  },
  {
    version: 2,
    name: 'optional e-mail address and the choice to be found by it',
    // Not unique: "that e-mail is taken" would be one more way to test an address against the directory.
    sql: `
      ALTER TABLE accounts ADD COLUMN email TEXT;
      ALTER TABLE accounts ADD COLUMN discoverable_by_email INTEGER NOT NULL DEFAULT 0;
      CREATE INDEX accounts_email ON accounts(email COLLATE NOCASE);
    `,
  },
];
