import type BetterSqlite3 from 'better-sqlite3';
import { SessionError } from '../errors.js';

/**
 * Makes `db.prepare(sql)` compile each SQL text once and hand back the same statement after.
 * The stores prepare their statements where they run them, so without this every send, poll or
 * store made SQLite compile the same text again (~0.4 ms of each daemon send).
 *
 * Safe because nothing here iterates a statement (`.iterate()` would keep it busy while another
 * caller got it) and nothing changes a statement's mode: a cached statement refuses `pluck`,
 * `raw`, `expand` and `safeIntegers`, which would change what every later caller of that text
 * gets. SQLite recompiles a statement itself when the schema changes (a migration). Texts built
 * with values in them would each take a slot: the cache starts over when it holds `max`.
 */
export function cacheStatements(db: BetterSqlite3.Database, max = 256): void {
  const prepare = db.prepare.bind(db);
  const statements = new Map<string, BetterSqlite3.Statement>();
  db.prepare = ((sql: string) => {
    let st = statements.get(sql);
    if (st === undefined) {
      st = prepare(sql);
      for (const mode of ['pluck', 'raw', 'expand', 'safeIntegers'] as const) {
        st[mode] = () => {
          throw new SessionError('INTERNAL', `a shared prepared statement cannot change mode (${mode})`);
        };
      }
      if (statements.size >= max) statements.clear();
      statements.set(sql, st);
    }
    return st;
  }) as typeof db.prepare;
}
