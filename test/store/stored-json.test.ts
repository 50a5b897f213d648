import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { Journal } from '../../src/daemon/journal.js';
import { KvCache, openDatabase } from '../../src/store/database.js';
import { storedJson } from '../../src/store/stored-json.js';
import { tempDir } from '../helpers/cli.js';

/** JSON columns we wrote: a damaged one is STORE_CORRUPT with what and where, never a SyntaxError. */
describe('storedJson', () => {
  it('parses what we wrote', () => {
    expect(storedJson<{ a: number[] }>('{"a":[1]}', 'x')).toEqual({ a: [1] });
  });

  it('a damaged value is STORE_CORRUPT naming it and its database', () => {
    expect(() => storedJson('{"quote": ', 'the details of a stored message')).toThrow(
      expect.objectContaining({
        code: 'STORE_CORRUPT',
        message: 'the profile database is damaged: the details of a stored message cannot be read',
      }),
    );
    expect(() => storedJson('', 'a journaled event', "the daemon's database")).toThrow(
      "the daemon's database is damaged: a journaled event cannot be read",
    );
  });
});

describe('the daemon journal', () => {
  let journal: Journal | undefined;
  afterEach(() => journal?.close());

  it('an event whose stored body is damaged: reading it is STORE_CORRUPT', async () => {
    journal = await Journal.open(join(tempDir('stored-json-journal-'), 'daemon.db'));
    journal.append('alice', [{ type: 'message', source: 'message:1', body: { text: 'hi' } }], 1, 0);
    expect(journal.after(0).map((e) => e.body)).toEqual([{ text: 'hi' }]);
    journal.db.prepare("UPDATE events SET body = '{' WHERE source = 'message:1'").run();
    expect(() => journal!.after(0)).toThrow(expect.objectContaining({ code: 'STORE_CORRUPT' }));
  });
});

describe('the network cache', () => {
  it('a damaged entry is a miss, not an error (it is fetched and written anew)', async () => {
    const db = await openDatabase(join(tempDir('stored-json-cache-'), 'session.db'));
    try {
      const cache = new KvCache(db);
      cache.set('pool', { nodes: 1 });
      expect(cache.get('pool')).toEqual({ nodes: 1 });
      db.prepare("UPDATE kv_cache SET value = '{' WHERE key = 'pool'").run();
      expect(cache.get('pool')).toBeUndefined();
    } finally {
      db.close();
    }
  });
});
