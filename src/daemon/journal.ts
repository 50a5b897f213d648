import { chmodSync, closeSync, existsSync, openSync } from 'node:fs';
import { cacheStatements } from '../store/statement-cache.js';
import type BetterSqlite3 from 'better-sqlite3';
import { storeError } from '../store/database.js';
import { storedJson } from '../store/stored-json.js';
import { isSessionError } from '../errors.js';

/** One journaled event: the one message object (or another stream event) of one profile. */
export interface JournalEvent {
  /** The journal's order across every profile: what consumers acknowledge. */
  seq: number;
  profile: string;
  type: string;
  /** The event exactly as `message receive --follow --json` prints it. */
  body: Record<string, unknown>;
  createdAt: number;
}

export interface DeadLetter {
  id: number;
  consumer: string;
  seq: number;
  attempts: number;
  lastError: string;
  failedAt: number;
  /** Parked, or asked to be delivered again (`daemon replay`). */
  state: 'parked' | 'replay';
  /** Undefined when the event is gone from the journal, or cannot be read (see `unreadable`). */
  event?: JournalEvent | undefined;
  /** Why the journaled event cannot be read (a damaged row), when it cannot. */
  unreadable?: string | undefined;
}

const SCHEMA = [
  `CREATE TABLE IF NOT EXISTS events (
     seq INTEGER PRIMARY KEY AUTOINCREMENT,
     profile TEXT NOT NULL,
     type TEXT NOT NULL,
     source TEXT NOT NULL,
     body TEXT NOT NULL,
     created_at INTEGER NOT NULL,
     UNIQUE (profile, source))`,
  // How far each profile's store has been journaled (its message cursor).
  `CREATE TABLE IF NOT EXISTS sources (profile TEXT PRIMARY KEY, store_cursor INTEGER NOT NULL)`,
  `CREATE TABLE IF NOT EXISTS consumers (name TEXT PRIMARY KEY, cursor INTEGER NOT NULL, created_at INTEGER NOT NULL)`,
  `CREATE TABLE IF NOT EXISTS deadletters (
     id INTEGER PRIMARY KEY AUTOINCREMENT,
     consumer TEXT NOT NULL,
     seq INTEGER NOT NULL,
     attempts INTEGER NOT NULL,
     last_error TEXT NOT NULL,
     failed_at INTEGER NOT NULL,
     state TEXT NOT NULL DEFAULT 'parked',
     UNIQUE (consumer, seq))`,
];

interface EventRow {
  seq: number;
  profile: string;
  type: string;
  body: string;
  created_at: number;
}

function toEvent(r: EventRow): JournalEvent {
  return {
    seq: r.seq,
    profile: r.profile,
    type: r.type,
    body: storedJson<Record<string, unknown>>(r.body, `journaled event ${r.seq}`, "the daemon's database"),
    createdAt: r.created_at,
  };
}

/**
 * A journal row whose body no longer parses (a damaged daemon.db). It cannot be delivered, but it
 * must not stop the journal behind it: readers are told of it and go past it, consumers park it
 * as a dead letter (delivered by `daemon replay` once repaired), and the row stays where it is.
 */
export interface DamagedRow {
  seq: number;
  profile: string;
  type: string;
  createdAt: number;
  /** The STORE_CORRUPT message. */
  error: string;
}

type RowRead = { event: JournalEvent } | { damaged: DamagedRow };

function readRow(r: EventRow): RowRead {
  try {
    return { event: toEvent(r) };
  } catch (e) {
    if (!isSessionError(e, 'STORE_CORRUPT')) throw e;
    return {
      damaged: { seq: r.seq, profile: r.profile, type: r.type, createdAt: r.created_at, error: e.message },
    };
  }
}

/**
 * The daemon's event journal (daemon.db, SQLite WAL, 0600): every event of every served profile in
 * one order, each consumer's acknowledged cursor, and the dead letters. A cursor only moves after
 * the consumer took the event, in the same database, so a restart resumes exactly there.
 */
export class Journal {
  private constructor(readonly db: BetterSqlite3.Database) {}

  static async open(path: string): Promise<Journal> {
    const { default: Sqlite } = await import('better-sqlite3');
    try {
      closeSync(openSync(path, 'a', 0o600));
      chmodSync(path, 0o600);
      const db = new Sqlite(path);
      // (each delivered event runs a few statements: compiled once, not per event)
      cacheStatements(db);
      db.pragma('journal_mode = WAL');
      db.pragma('synchronous = NORMAL'); // as the profile store (src/store/database.ts)
      db.pragma('busy_timeout = 5000');
      for (const s of SCHEMA) db.exec(s);
      for (const c of [`${path}-wal`, `${path}-shm`]) if (existsSync(c)) chmodSync(c, 0o600);
      return new Journal(db);
    } catch (cause) {
      throw storeError(cause, path);
    }
  }

  close(): void {
    this.db.close();
  }

  storeCursor(profile: string): number | undefined {
    const r = this.db.prepare('SELECT store_cursor AS c FROM sources WHERE profile = ?').get(profile) as
      { c: number } | undefined;
    return r?.c;
  }

  /** A named position kept with the sources (e.g. what `message receive` last handed out). */
  mark(key: string): number | undefined {
    return this.storeCursor(`mark:${key}`);
  }

  setMark(key: string, value: number): void {
    this.db
      .prepare(
        'INSERT INTO sources (profile, store_cursor) VALUES (?, ?) ON CONFLICT (profile) DO UPDATE SET store_cursor = excluded.store_cursor',
      )
      .run(`mark:${key}`, value);
  }

  /**
   * Appends a profile's new events and moves its store cursor, in one transaction. `source` makes
   * an event unique per profile (a message's store cursor, or a non-message event's own key), so a
   * crash between the store and the journal never journals one twice. `cursorKey` names another
   * cursor than the profile's store cursor (a community room's: src/daemon/community-events.ts).
   */
  append(
    profile: string,
    events: { type: string; source: string; body: unknown }[],
    storeCursor: number,
    now: number,
    cursorKey: string = profile,
  ): JournalEvent[] {
    const insert = this.db.prepare(
      'INSERT OR IGNORE INTO events (profile, type, source, body, created_at) VALUES (?, ?, ?, ?, ?)',
    );
    const added: number[] = [];
    this.db.transaction(() => {
      for (const e of events) {
        const r = insert.run(profile, e.type, e.source, JSON.stringify(e.body), now);
        if (r.changes > 0) added.push(Number(r.lastInsertRowid));
      }
      this.db
        .prepare(
          'INSERT INTO sources (profile, store_cursor) VALUES (?, ?) ON CONFLICT (profile) DO UPDATE SET store_cursor = excluded.store_cursor',
        )
        .run(cursorKey, storeCursor);
    })();
    return added.map((seq) => this.event(seq)!);
  }

  event(seq: number): JournalEvent | undefined {
    const r = this.db.prepare('SELECT * FROM events WHERE seq = ?').get(seq) as EventRow | undefined;
    return r === undefined ? undefined : toEvent(r);
  }

  /**
   * Events after `seq` in journal order (optionally one profile's), at most `limit` rows. A damaged
   * row is handed to `onDamaged` and left out; without `onDamaged` it is a STORE_CORRUPT error.
   */
  after(seq: number, limit = 1000, profile?: string, onDamaged?: (row: DamagedRow) => void): JournalEvent[] {
    const rows = (
      profile === undefined
        ? this.db.prepare('SELECT * FROM events WHERE seq > ? ORDER BY seq LIMIT ?').all(seq, limit)
        : this.db
            .prepare('SELECT * FROM events WHERE seq > ? AND profile = ? ORDER BY seq LIMIT ?')
            .all(seq, profile, limit)
    ) as EventRow[];
    if (onDamaged === undefined) return rows.map(toEvent);
    const out: JournalEvent[] = [];
    for (const r of rows) {
      const read = readRow(r);
      if ('event' in read) out.push(read.event);
      else onDamaged(read.damaged);
    }
    return out;
  }

  maxSeq(): number {
    return (this.db.prepare('SELECT COALESCE(MAX(seq), 0) AS m FROM events').get() as { m: number }).m;
  }

  /** A consumer's cursor; a new consumer starts at the journal's end (what happens from now on). */
  consumerCursor(name: string, now: number): number {
    const select = this.db.prepare('SELECT cursor FROM consumers WHERE name = ?');
    const known = select.get(name) as { cursor: number } | undefined;
    if (known !== undefined) return known.cursor;
    // (OR IGNORE: a consumer made meanwhile by another connection keeps its cursor)
    this.db
      .prepare('INSERT OR IGNORE INTO consumers (name, cursor, created_at) VALUES (?, ?, ?)')
      .run(name, this.maxSeq(), now);
    return (select.get(name) as { cursor: number }).cursor;
  }

  /** Acknowledges everything up to `seq` (a cursor never moves back); returns the cursor. */
  ack(name: string, seq: number, now: number): number {
    const update = this.db.prepare(
      'UPDATE consumers SET cursor = MAX(cursor, ?) WHERE name = ? RETURNING cursor',
    );
    const moved = update.get(seq, name) as { cursor: number } | undefined;
    if (moved !== undefined) return moved.cursor;
    this.consumerCursor(name, now); // a consumer acknowledging first: it starts at the end
    return (update.get(seq, name) as { cursor: number }).cursor;
  }

  depth(name: string, now: number): number {
    const cursor = this.consumerCursor(name, now);
    return (this.db.prepare('SELECT COUNT(*) AS n FROM events WHERE seq > ?').get(cursor) as { n: number }).n;
  }

  /** Parks an event the consumer could not take and moves past it, in one transaction. */
  deadLetter(name: string, seq: number, attempts: number, error: string, now: number): void {
    this.db.transaction(() => {
      this.db
        .prepare(
          `INSERT INTO deadletters (consumer, seq, attempts, last_error, failed_at, state) VALUES (?, ?, ?, ?, ?, 'parked')
           ON CONFLICT (consumer, seq) DO UPDATE SET attempts = deadletters.attempts + excluded.attempts,
             last_error = excluded.last_error, failed_at = excluded.failed_at, state = 'parked'`,
        )
        .run(name, seq, attempts, error, now);
      this.ack(name, seq, now);
    })();
  }

  deadLetters(consumer?: string): DeadLetter[] {
    const rows = (
      consumer === undefined
        ? this.db.prepare('SELECT * FROM deadletters ORDER BY id').all()
        : this.db.prepare('SELECT * FROM deadletters WHERE consumer = ? ORDER BY id').all(consumer)
    ) as {
      id: number;
      consumer: string;
      seq: number;
      attempts: number;
      last_error: string;
      failed_at: number;
      state: string;
    }[];
    const get = this.db.prepare('SELECT * FROM events WHERE seq = ?');
    return rows.map((r) => {
      const row = get.get(r.seq) as EventRow | undefined;
      const read = row === undefined ? undefined : readRow(row);
      return {
        id: r.id,
        consumer: r.consumer,
        seq: r.seq,
        attempts: r.attempts,
        lastError: r.last_error,
        failedAt: r.failed_at,
        state: r.state === 'replay' ? 'replay' : 'parked',
        event: read !== undefined && 'event' in read ? read.event : undefined,
        ...(read !== undefined && 'damaged' in read ? { unreadable: read.damaged.error } : {}),
      };
    });
  }

  /** Asks for dead letters to be delivered again (all, or these ids); returns how many. */
  requestReplay(ids?: readonly number[]): number {
    if (ids === undefined) return this.db.prepare("UPDATE deadletters SET state = 'replay'").run().changes;
    const stmt = this.db.prepare("UPDATE deadletters SET state = 'replay' WHERE id = ?");
    let n = 0;
    this.db.transaction(() => {
      for (const id of ids) n += stmt.run(id).changes;
    })();
    return n;
  }

  /** The next dead letter of a consumer waiting to be delivered again. */
  nextReplay(consumer: string): DeadLetter | undefined {
    return this.deadLetters(consumer).find((d) => d.state === 'replay');
  }

  /** A replayed dead letter was delivered: it is gone. */
  replayed(id: number): void {
    this.db.prepare('DELETE FROM deadletters WHERE id = ?').run(id);
  }

  /** A replayed dead letter failed again: parked again, with its attempts counted. */
  parkAgain(id: number, attempts: number, error: string, now: number): void {
    this.db
      .prepare(
        "UPDATE deadletters SET state = 'parked', attempts = attempts + ?, last_error = ?, failed_at = ? WHERE id = ?",
      )
      .run(attempts, error, now, id);
  }
}
