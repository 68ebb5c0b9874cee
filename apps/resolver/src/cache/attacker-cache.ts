import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';
import { simulatedAddress } from '../attacks/address-display';
import type { Resolution } from '../attacks/resolution';

/** One address a command saw for a user, as the cache keeps it. */
export interface CachedSighting {
  username: string;
  /** The simulated public address (198.51.100.10), whichever form was observed. */
  publicAddress: string;
  port: number | null;
  localAddresses: string[];
  /** When the directory said the user was there (its lastSeenAt), else when the command ran. */
  seenAt: string;
  directory: string;
  /** The command that learned it: resolve, probe-call, chain. */
  via: string;
}

/** An e-mail address a search turned into a username. */
export interface CachedEmail {
  email: string;
  username: string;
  directory: string;
  foundAt: string;
}

const SCHEMA = `
  CREATE TABLE IF NOT EXISTS sightings (
    id INTEGER PRIMARY KEY,
    username TEXT NOT NULL,
    public_address TEXT NOT NULL,
    port INTEGER,
    local_addresses TEXT NOT NULL,
    seen_at TEXT NOT NULL,
    directory TEXT NOT NULL,
    via TEXT NOT NULL
  );
  CREATE INDEX IF NOT EXISTS sightings_address ON sightings(public_address, seen_at);
  CREATE INDEX IF NOT EXISTS sightings_user ON sightings(username, seen_at);
  CREATE TABLE IF NOT EXISTS emails (
    email TEXT NOT NULL COLLATE NOCASE,
    username TEXT NOT NULL,
    directory TEXT NOT NULL,
    found_at TEXT NOT NULL
  );
`;

interface SightingRow {
  username: string;
  public_address: string;
  port: number | null;
  local_addresses: string;
  seen_at: string;
  directory: string;
  via: string;
}

const toSighting = (row: SightingRow): CachedSighting => ({
  username: row.username,
  publicAddress: row.public_address,
  port: row.port,
  localAddresses: JSON.parse(row.local_addresses) as string[],
  seenAt: row.seen_at,
  directory: row.directory,
  via: row.via,
});

/**
 * The attacker's own cache, as the resolver sites kept one ("Latest IP Address … Cached Result")
 * and answered reverse lookups from it [@SkypeResolverSites]: every address an earlier command
 * resolved, in a SQLite file the attacker owns. No mitigation of the directory reaches it: what
 * leaked once stays leaked. It only ever fills with what the directory gave away.
 */
export class AttackerCache {
  private constructor(private readonly db: Database.Database) {}

  static open(file: string): AttackerCache {
    if (file !== ':memory:') mkdirSync(dirname(file), { recursive: true });
    const db = new Database(file);
    db.pragma('journal_mode = WAL');
    // Two commands of the same attacker may write at once (a watch and a resolve).
    db.pragma('busy_timeout = 2000');
    db.exec(SCHEMA);
    return new AttackerCache(db);
  }

  /** Keeps what a resolution leaked; a resolution that leaked no public address adds nothing. */
  record(resolution: Resolution, directory: string, via: string): boolean {
    const address = simulatedAddress(resolution.observedAddress ?? resolution.publicAddress);
    if (!resolution.leaked || !address) return false;
    this.db
      .prepare(
        'INSERT INTO sightings (username, public_address, port, local_addresses, seen_at, directory, via) VALUES (?, ?, ?, ?, ?, ?, ?)',
      )
      .run(
        resolution.username,
        address,
        resolution.port,
        JSON.stringify(resolution.localAddresses),
        resolution.observedAt ?? new Date().toISOString(),
        directory,
        via,
      );
    return true;
  }

  recordEmail(email: string, username: string, directory: string) {
    this.db
      .prepare('INSERT INTO emails (email, username, directory, found_at) VALUES (?, ?, ?, ?)')
      .run(email, username, directory, new Date().toISOString());
  }

  /**
   * ip2skype: who was seen at this address. With `at`, only those whose latest sighting at or
   * before that moment was this address (they were there then, as far as the cache knows), one
   * row each; without it, every sighting, newest first.
   */
  reverse(address: string, at?: string): CachedSighting[] {
    const simulated = simulatedAddress(address) ?? address;
    if (at === undefined) {
      return this.db
        .prepare<[string], SightingRow>(
          'SELECT * FROM sightings WHERE public_address = ? ORDER BY seen_at DESC, id DESC',
        )
        .all(simulated)
        .map(toSighting);
    }
    const atIso = new Date(at).toISOString();
    const candidates = this.db
      .prepare<[string, string], { username: string }>(
        'SELECT DISTINCT username FROM sightings WHERE public_address = ? AND seen_at <= ?',
      )
      .all(simulated, atIso);
    return candidates
      .map((c) => this.latest(c.username, atIso))
      .filter((s): s is CachedSighting => s?.publicAddress === simulated);
  }

  /** The user's latest sighting in the cache (at or before `before`, if given). */
  latest(username: string, before?: string): CachedSighting | undefined {
    const row = this.db
      .prepare<[string, string], SightingRow>(
        'SELECT * FROM sightings WHERE username = ? AND seen_at <= ? ORDER BY seen_at DESC, id DESC LIMIT 1',
      )
      .get(username, before ?? '9999');
    return row && toSighting(row);
  }

  /** email2skype, from the cache: the usernames earlier searches found for an e-mail address. */
  emails(email: string): CachedEmail[] {
    return this.db
      .prepare<[string], { email: string; username: string; directory: string; found_at: string }>(
        'SELECT * FROM emails WHERE email = ? ORDER BY found_at DESC',
      )
      .all(email)
      .map((r) => ({ email: r.email, username: r.username, directory: r.directory, foundAt: r.found_at }));
  }

  close() {
    this.db.close();
  }
}
