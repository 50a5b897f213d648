import type BetterSqlite3 from 'better-sqlite3';
import { createRequire } from 'node:module';
import { cacheStatements } from '../../store/statement-cache.js';

/** One SQLite file per node: its stored messages and subaccount revocations. */
export type StorageDb = BetterSqlite3.Database;

export interface StoredMessage {
  id: number;
  hash: string;
  data: Buffer;
  timestamp: number;
  expiry: number;
  namespace: number;
}

export function openStorageDb(path: string): StorageDb {
  // Synchronous on purpose: a node's engine is built in its start(), after the module is loaded.
  const Sqlite = createRequire(import.meta.url)('better-sqlite3') as typeof BetterSqlite3;
  const db = new Sqlite(path);
  cacheStatements(db);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  db.exec(`
    CREATE TABLE IF NOT EXISTS messages (
      id INTEGER PRIMARY KEY AUTOINCREMENT,
      pubkey TEXT NOT NULL,
      namespace INTEGER NOT NULL,
      hash TEXT NOT NULL UNIQUE,
      data BLOB NOT NULL,
      timestamp INTEGER NOT NULL,
      expiry INTEGER NOT NULL
    );
    CREATE INDEX IF NOT EXISTS messages_by_owner ON messages (pubkey, namespace, id);
    CREATE TABLE IF NOT EXISTS revocations (
      pubkey TEXT NOT NULL,
      token BLOB NOT NULL,
      created INTEGER NOT NULL,
      PRIMARY KEY (pubkey, token)
    );
  `);
  return db;
}
