import { createRequire } from 'node:module';
import type BetterSqlite3 from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { cacheStatements } from '../../src/store/statement-cache.js';

const Sqlite = createRequire(import.meta.url)('better-sqlite3') as typeof BetterSqlite3;

describe('cacheStatements', () => {
  it('compiles each SQL text once and gives back the same statement', () => {
    const db = new Sqlite(':memory:');
    cacheStatements(db);
    db.exec('CREATE TABLE t (a INTEGER)');
    const a = db.prepare('INSERT INTO t (a) VALUES (?)');
    expect(db.prepare('INSERT INTO t (a) VALUES (?)')).toBe(a);
    a.run(1);
    db.prepare('INSERT INTO t (a) VALUES (?)').run(2);
    expect(db.prepare('SELECT a FROM t ORDER BY a').all()).toEqual([{ a: 1 }, { a: 2 }]);
    expect(db.prepare('SELECT a FROM t WHERE a = ?')).not.toBe(db.prepare('SELECT a FROM t'));
    // pragma and transactions go around prepare (better-sqlite3 compiles those itself)
    expect(db.pragma('user_version', { simple: true })).toBe(0);
    db.transaction(() => db.prepare('INSERT INTO t (a) VALUES (?)').run(3))();
    expect(db.prepare('SELECT count(*) AS n FROM t').get()).toEqual({ n: 3 });
    db.close();
  });

  it('refuses a mode change, which every later caller of the text would get', () => {
    const db = new Sqlite(':memory:');
    cacheStatements(db);
    expect(() => db.prepare('SELECT 1 AS one').pluck()).toThrow(/cannot change mode \(pluck\)/);
    expect(() => db.prepare('SELECT 1 AS one').raw()).toThrow(/raw/);
    expect(db.prepare('SELECT 1 AS one').get()).toEqual({ one: 1 });
    db.close();
  });

  it('starts over when it holds max texts (texts built with values in them)', () => {
    const db = new Sqlite(':memory:');
    cacheStatements(db, 2);
    const first = db.prepare('SELECT 1');
    db.prepare('SELECT 2');
    expect(db.prepare('SELECT 1')).toBe(first);
    db.prepare('SELECT 3'); // the third text: the cache starts over
    expect(db.prepare('SELECT 1')).not.toBe(first);
    db.close();
  });
});
