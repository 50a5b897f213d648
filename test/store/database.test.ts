import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { isSessionError } from '../../src/errors.js';
import { KvCache, openDatabase } from '../../src/store/database.js';
import { MIGRATIONS } from '../../src/store/migrations.js';
import { tempDir } from '../helpers/cli.js';

describe('profile database', () => {
  it('migrates to the latest version in WAL mode and is idempotent', async () => {
    const path = join(tempDir(), 'session.db');
    const db = await openDatabase(path);
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    // NORMAL (1): no fsync per commit; WAL keeps commits across a killed process
    expect(db.pragma('synchronous', { simple: true })).toBe(1);
    expect(db.pragma('user_version', { simple: true })).toBe(MIGRATIONS.length);
    const tables = db.prepare("SELECT name FROM sqlite_master WHERE type='table'").all() as {
      name: string;
    }[];
    expect(tables.map((t) => t.name)).toEqual(
      expect.arrayContaining(['conversations', 'messages', 'cursors', 'seen_hashes', 'contacts', 'kv_cache']),
    );
    new KvCache(db).set('pool', { n: 1 });
    db.close();
    const again = await openDatabase(path);
    expect(new KvCache(again).get('pool')).toEqual({ n: 1 });
    expect(new KvCache(again).get('missing')).toBeUndefined();
    again.close();
  });

  it('refuses a database from a newer version', async () => {
    const path = join(tempDir(), 'session.db');
    const db = await openDatabase(path);
    db.pragma(`user_version = ${MIGRATIONS.length + 5}`);
    db.close();
    await expect(openDatabase(path)).rejects.toSatisfy((e) => isSessionError(e, 'STORE_TOO_NEW'));
  });
});
