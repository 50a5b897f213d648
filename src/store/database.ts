import { chmodSync, closeSync, existsSync, openSync } from 'node:fs';
import type BetterSqlite3 from 'better-sqlite3';
import { SessionError } from '../errors.js';
import { nativeAddonFailure } from '../native-addon.js';
import { MIGRATIONS } from './migrations.js';
import { cacheStatements } from './statement-cache.js';

export type Database = BetterSqlite3.Database;

/**
 * Opens (creating if needed) a profile's SQLite database in WAL mode and brings its schema up to
 * date. better-sqlite3 is imported lazily so commands that never touch the store start fast.
 * The file and its -wal/-shm companions are mode 0600: they hold the messages. Expected failures
 * get their own codes (STORE_CORRUPT, STORE_TOO_NEW, DISK_FULL), never INTERNAL.
 */
export async function openDatabase(path: string): Promise<Database> {
  const { default: Sqlite } = await import('better-sqlite3');
  // Create the file 0600 before SQLite does (it would use the umask); SQLite gives the -wal and
  // -shm files the permissions of the database file.
  try {
    closeSync(openSync(path, 'a', 0o600));
    chmodSync(path, 0o600);
  } catch (cause) {
    throw storeError(cause, path);
  }
  let db: Database;
  try {
    db = new Sqlite(path);
  } catch (cause) {
    throw storeError(cause, path);
  }
  cacheStatements(db);
  try {
    db.pragma('journal_mode = WAL');
    // WAL + NORMAL: a commit is in the WAL before it returns, so a killed process (kill -9, a
    // crash) loses nothing committed and nothing is ever corrupted; only a power cut can drop the
    // last commits. FULL would fsync each commit: ~2 ms, several per send.
    db.pragma('synchronous = NORMAL');
    db.pragma('foreign_keys = ON');
    db.pragma('busy_timeout = 5000');
    migrate(db);
    for (const companion of [`${path}-wal`, `${path}-shm`]) {
      if (existsSync(companion)) chmodSync(companion, 0o600);
    }
  } catch (e) {
    db.close();
    throw storeError(e, path);
  }
  return db;
}

/** Maps SQLite and file-system failures of a profile database to stable codes. */
export function storeError(cause: unknown, path: string): unknown {
  if (cause instanceof SessionError) return cause;
  // better-sqlite3 loads its binding in the constructor
  const addon = nativeAddonFailure(cause);
  if (addon) return addon;
  const code = (cause as { code?: unknown } | undefined)?.code;
  if (code === 'SQLITE_FULL' || code === 'ENOSPC' || code === 'EDQUOT') {
    return new SessionError('DISK_FULL', `the disk holding ${path} is full`, {
      cause,
      hint: 'free some space and retry; SQLite rolled the unfinished transaction back',
    });
  }
  if (code === 'SQLITE_NOTADB' || code === 'SQLITE_CORRUPT') {
    return new SessionError(
      'STORE_CORRUPT',
      `the local database ${path} is corrupt (not a SQLite database)`,
      {
        cause,
        hint: 'restore the file from a backup, or delete the identity and restore it from its Recovery Password',
      },
    );
  }
  if (
    typeof code === 'string' &&
    (code.startsWith('SQLITE_CANTOPEN') ||
      code.startsWith('SQLITE_IOERR') ||
      code.startsWith('SQLITE_READONLY') ||
      code.startsWith('SQLITE_PERM') ||
      code === 'EACCES' ||
      code === 'EPERM' ||
      code === 'EISDIR' ||
      code === 'EROFS')
  ) {
    return new SessionError('STORE_CORRUPT', `the local database ${path} cannot be read or written`, {
      cause,
      hint: 'check the permissions of the profile directory (it should belong to you, mode 0700)',
    });
  }
  return cause;
}

export function migrate(db: Database): void {
  const version = db.pragma('user_version', { simple: true }) as number;
  if (version > MIGRATIONS.length) {
    throw new SessionError(
      'STORE_TOO_NEW',
      `the local database has schema version ${version}, newer than this session-cli understands (${MIGRATIONS.length})`,
      { hint: 'upgrade session-cli (`npm install -g session-cli@latest`)' },
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
    if (row === undefined) return undefined;
    try {
      return JSON.parse(row.value) as unknown;
    } catch {
      // a cache: a damaged entry is only a miss (it is fetched and written anew)
      return undefined;
    }
  }

  set(key: string, value: unknown): void {
    this.db
      .prepare(
        'INSERT INTO kv_cache (key, value, updated_at) VALUES (?, ?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at',
      )
      .run(key, JSON.stringify(value), Date.now());
  }
}
