import type BetterSqlite3 from 'better-sqlite3';
import { SessionError } from '../errors.js';
import { MIGRATIONS } from './migrations.js';

export type Database = BetterSqlite3.Database;

/**
 * Opens (creating if needed) a profile's SQLite database in WAL mode and brings its schema up to
 * date. better-sqlite3 is imported lazily so commands that never touch the store start fast.
 */
export async function openDatabase(path: string): Promise<Database> {
  const { default: Sqlite } = await import('better-sqlite3');
  const db = new Sqlite(path);
  try {
    db.pragma('journal_mode = WAL');
    db.pragma('foreign_keys = ON');
    db.pragma('busy_timeout = 5000');
    migrate(db);
  } catch (e) {
    db.close();
    throw e;
  }
  return db;
}

export function migrate(db: Database): void {
  const version = db.pragma('user_version', { simple: true }) as number;
  if (version > MIGRATIONS.length) {
    throw new SessionError(
      'INVALID_INPUT',
      `the local database has schema version ${version}, newer than this session-cli understands (${MIGRATIONS.length})`,
      { hint: 'upgrade session-cli' },
    );
  }
  for (let v = version; v < MIGRATIONS.length; v++) {
    db.transaction(() => {
      db.exec(MIGRATIONS[v]!);
      db.pragma(`user_version = ${v + 1}`);
    })();
  }
}

/** A small typed key/value cache (node pool, paths, swarms) kept in the profile database. */
export class KvCache {
  constructor(private readonly db: Database) {}

  get(key: string): unknown {
    const row = this.db.prepare('SELECT value FROM kv_cache WHERE key = ?').get(key) as
      { value: string } | undefined;
    return row === undefined ? undefined : (JSON.parse(row.value) as unknown);
  }

  set(key: string, value: unknown): void {
    this.db
      .prepare(
        'INSERT INTO kv_cache (key, value, updated_at) VALUES (?, ?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at',
      )
      .run(key, JSON.stringify(value), Date.now());
  }
}
