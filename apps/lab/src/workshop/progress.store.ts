import Database from 'better-sqlite3';

/** Where a participant stands on one exercise. Keyed by the exercise's id, never by its position. */
export interface ExerciseProgress {
  exercise: string;
  openedAt: string | null;
  solvedAt: string | null;
  attempts: number;
  hintsRevealed: number;
}

/** Something that happened: opened, hint, attempt, solved, reset, import. Kept across resets. */
export interface HistoryEntry {
  at: string;
  exercise: string | null;
  kind: 'opened' | 'hint' | 'attempt' | 'solved' | 'reset' | 'import';
  detail: string | null;
}

/**
 * The workshop's storage port: the engine depends on this class only, the SQLite file below is one
 * implementation of it.
 */
export abstract class ProgressStore {
  abstract meta(key: string): string | undefined;
  abstract setMeta(key: string, value: string): void;
  abstract progress(exercise: string): ExerciseProgress;
  abstract allProgress(): ExerciseProgress[];
  abstract saveProgress(progress: ExerciseProgress): void;
  /** This instance's draw for an exercise (its target, its case), kept so it stays put. */
  abstract caseOf(exercise: string): unknown;
  abstract saveCase(exercise: string, data: unknown): void;
  abstract deleteCase(exercise: string): void;
  abstract record(entry: HistoryEntry): void;
  abstract history(limit?: number): HistoryEntry[];
  /** Replaces every exercise's progress at once (an import), or nothing if it throws. */
  abstract replaceProgress(rows: ExerciseProgress[]): void;
  abstract close(): void;
}

const SCHEMA_VERSION = 1;

/** `data/workshop.sqlite`: progress survives restarts; nothing is wiped at start. */
export class SqliteProgressStore extends ProgressStore {
  private readonly db: Database.Database;

  constructor(file: string) {
    super();
    this.db = new Database(file);
    this.db.pragma('journal_mode = WAL');
    const version = this.db.pragma('user_version', { simple: true }) as number;
    if (version > SCHEMA_VERSION)
      throw new Error(
        `${file} is at workshop schema version ${version}, newer than this lab knows (${SCHEMA_VERSION}): use that lab's version, or another LAB_DATA_DIR`,
      );
    this.db.exec(`
      CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
      CREATE TABLE IF NOT EXISTS progress (
        exercise TEXT PRIMARY KEY,
        opened_at TEXT,
        solved_at TEXT,
        attempts INTEGER NOT NULL DEFAULT 0,
        hints_revealed INTEGER NOT NULL DEFAULT 0
      );
      CREATE TABLE IF NOT EXISTS cases (exercise TEXT PRIMARY KEY, data TEXT NOT NULL);
      CREATE TABLE IF NOT EXISTS history (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        at TEXT NOT NULL,
        exercise TEXT,
        kind TEXT NOT NULL,
        detail TEXT
      );
    `);
    this.db.pragma(`user_version = ${SCHEMA_VERSION}`);
  }

  meta(key: string): string | undefined {
    const row = this.db.prepare('SELECT value FROM meta WHERE key = ?').get(key) as
      { value: string } | undefined;
    return row?.value;
  }

  setMeta(key: string, value: string): void {
    this.db.prepare('INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)').run(key, value);
  }

  progress(exercise: string): ExerciseProgress {
    const row = this.db.prepare('SELECT * FROM progress WHERE exercise = ?').get(exercise) as
      ProgressRow | undefined;
    return row ? fromRow(row) : { exercise, openedAt: null, solvedAt: null, attempts: 0, hintsRevealed: 0 };
  }

  allProgress(): ExerciseProgress[] {
    return (this.db.prepare('SELECT * FROM progress ORDER BY exercise').all() as ProgressRow[]).map(fromRow);
  }

  saveProgress(p: ExerciseProgress): void {
    this.db
      .prepare(
        `INSERT OR REPLACE INTO progress (exercise, opened_at, solved_at, attempts, hints_revealed)
         VALUES (?, ?, ?, ?, ?)`,
      )
      .run(p.exercise, p.openedAt, p.solvedAt, p.attempts, p.hintsRevealed);
  }

  caseOf(exercise: string): unknown {
    const row = this.db.prepare('SELECT data FROM cases WHERE exercise = ?').get(exercise) as
      { data: string } | undefined;
    return row ? JSON.parse(row.data) : undefined;
  }

  saveCase(exercise: string, data: unknown): void {
    this.db
      .prepare('INSERT OR REPLACE INTO cases (exercise, data) VALUES (?, ?)')
      .run(exercise, JSON.stringify(data));
  }

  deleteCase(exercise: string): void {
    this.db.prepare('DELETE FROM cases WHERE exercise = ?').run(exercise);
  }

  record(entry: HistoryEntry): void {
    this.db
      .prepare('INSERT INTO history (at, exercise, kind, detail) VALUES (?, ?, ?, ?)')
      .run(entry.at, entry.exercise, entry.kind, entry.detail);
  }

  history(limit = 1000): HistoryEntry[] {
    return (
      this.db
        .prepare('SELECT at, exercise, kind, detail FROM history ORDER BY id DESC LIMIT ?')
        .all(limit) as HistoryEntry[]
    ).reverse();
  }

  replaceProgress(rows: ExerciseProgress[]): void {
    this.db.transaction(() => {
      this.db.prepare('DELETE FROM progress').run();
      for (const row of rows) this.saveProgress(row);
    })();
  }

  close(): void {
    this.db.close();
  }
}

interface ProgressRow {
  exercise: string;
  opened_at: string | null;
  solved_at: string | null;
  attempts: number;
  hints_revealed: number;
}

const fromRow = (row: ProgressRow): ExerciseProgress => ({
  exercise: row.exercise,
  openedAt: row.opened_at,
  solvedAt: row.solved_at,
  attempts: row.attempts,
  hintsRevealed: row.hints_revealed,
});
