import { existsSync, mkdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { toSessionError } from '../../src/cli/failure.js';
import { isSessionError } from '../../src/errors.js';
import { openDatabase, storeError } from '../../src/store/database.js';
import { runCli, tempDir } from '../helpers/cli.js';

const cli = (args: string[], env: Record<string, string | undefined> = {}) =>
  runCli(args, { env: { XDG_CONFIG_HOME: tempDir(), ...env } });

async function withIdentity(opts: { passphrase?: string; name?: string } = {}): Promise<string> {
  const dir = tempDir();
  const name = opts.name ?? 'alice';
  const r = await cli(
    [
      'identity',
      'create',
      '--name',
      name,
      '--data-dir',
      dir,
      '--json',
      ...(opts.passphrase ? [] : ['--no-passphrase']),
    ],
    opts.passphrase ? { SESSION_PASSPHRASE: opts.passphrase } : {},
  );
  expect(r.code).toBe(0);
  return dir;
}

describe('expected local-state failures have their own codes (never INTERNAL)', () => {
  it('garbage in the profile database: STORE_CORRUPT, exit 6', async () => {
    const dir = await withIdentity();
    const db = join(dir, 'profiles', 'alice', 'session.db');
    rmSync(`${db}-wal`, { force: true });
    rmSync(`${db}-shm`, { force: true });
    writeFileSync(db, Buffer.alloc(8192, 0x5a));
    const r = await cli(['conversation', 'list', '--json', '--data-dir', dir]);
    expect(r.code).toBe(6);
    expect(r.json.error.code).toBe('STORE_CORRUPT');
    const human = await cli(['conversation', 'list', '--data-dir', dir]);
    expect(human.code).toBe(6);
    expect(human.stderr).toMatch(/Error \[STORE_CORRUPT\]/);
    expect(human.stderr).not.toMatch(/This is a bug/);
  });

  it('an unreadable database (a directory in its place): STORE_CORRUPT, exit 6', async () => {
    const dir = await withIdentity();
    const db = join(dir, 'profiles', 'alice', 'session.db');
    rmSync(db);
    mkdirSync(db);
    const r = await cli(['conversation', 'list', '--json', '--data-dir', dir]);
    expect(r.code).toBe(6);
    expect(r.json.error.code).toBe('STORE_CORRUPT');
  });

  it('a stored message whose details are damaged: message list exits 6 STORE_CORRUPT, saying so', async () => {
    const dir = await withIdentity();
    const peer = '05' + 'cd'.repeat(32);
    const db = await openDatabase(join(dir, 'profiles', 'alice', 'session.db'));
    try {
      db.prepare('INSERT INTO conversations (id, created_at) VALUES (?, 0)').run(peer);
      db.prepare(
        `INSERT INTO messages (conversation_id, author, sent_timestamp, received_at, direction, body, extras)
         VALUES (?, ?, 1700000000000, 0, 'in', 'hi', '{"quote": ')`,
      ).run(peer, peer);
    } finally {
      db.close();
    }
    const r = await cli(['message', 'list', peer, '--json', '--data-dir', dir]);
    expect(r.code, r.stderr).toBe(6);
    expect(r.json.error).toMatchObject({
      code: 'STORE_CORRUPT',
      message: 'the profile database is damaged: the details of a stored message cannot be read',
    });
  });

  it('a database of a newer schema version: STORE_TOO_NEW, exit 6, nothing migrated', async () => {
    const dir = await withIdentity();
    const path = join(dir, 'profiles', 'alice', 'session.db');
    const db = await openDatabase(path);
    db.pragma('user_version = 999');
    db.close();
    const r = await cli(['conversation', 'list', '--json', '--data-dir', dir]);
    expect(r.code).toBe(6);
    expect(r.json.error.code).toBe('STORE_TOO_NEW');
    expect(r.json.error.hint).toMatch(/upgrade/);
    const again = await openDatabase(path).catch((e: unknown) => e);
    expect(isSessionError(again, 'STORE_TOO_NEW')).toBe(true);
  });

  it('a full disk (SQLITE_FULL) is DISK_FULL, exit 6', async () => {
    const db = await openDatabase(join(tempDir(), 'session.db'));
    try {
      const pages = db.pragma('page_count', { simple: true }) as number;
      db.pragma(`max_page_count = ${pages}`);
      let caught: unknown;
      try {
        db.prepare('INSERT INTO kv_cache (key, value, updated_at) VALUES (?, ?, ?)').run(
          'k',
          'x'.repeat(200_000),
          1,
        );
      } catch (e) {
        caught = e;
      }
      expect((caught as { code?: string }).code).toBe('SQLITE_FULL');
      expect(toSessionError(caught).code).toBe('DISK_FULL');
      expect(toSessionError(caught).exitCode).toBe(6);
      expect((storeError(caught, 'x') as { code: string }).code).toBe('DISK_FULL');
    } finally {
      db.close();
    }
    const enospc = Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC' });
    expect(toSessionError(enospc).code).toBe('DISK_FULL');
  });

  it('database, -wal and -shm files are mode 0600, keystore and profile too', async () => {
    const dir = await withIdentity({ passphrase: 'pw' });
    const p = join(dir, 'profiles', 'alice');
    for (const f of ['session.db', 'keystore.json', 'profile.json']) {
      expect(statSync(join(p, f)).mode & 0o777, f).toBe(0o600);
    }
    expect(statSync(join(dir, 'config.json')).mode & 0o777).toBe(0o600);
    // While a database is open in WAL mode, its companions exist: they must not be world-readable.
    const path = join(tempDir(), 'open.db');
    const db = await openDatabase(path);
    try {
      db.prepare('INSERT INTO kv_cache (key, value, updated_at) VALUES (?, ?, ?)').run('k', '"v"', 1);
      for (const f of [path, `${path}-wal`, `${path}-shm`]) {
        expect(existsSync(f), f).toBe(true);
        expect(statSync(f).mode & 0o777, f).toBe(0o600);
      }
    } finally {
      db.close();
    }
  });
});

describe('identity delete', () => {
  it('deleting the current identity leaves none current: the next command fails with NO_IDENTITY', async () => {
    const dir = await withIdentity();
    expect(
      (await cli(['identity', 'create', '--name', 'bob', '--no-passphrase', '--data-dir', dir])).code,
    ).toBe(0);
    const d = await cli(['identity', 'delete', 'alice', '--yes', '--json', '--data-dir', dir]);
    expect(d.code).toBe(0);
    const s = await cli(['identity', 'show', '--json', '--data-dir', dir]);
    expect(s.code).toBe(6);
    expect(s.json.error.code).toBe('NO_IDENTITY');
    const l = await cli(['identity', 'list', '--json', '--data-dir', dir]);
    expect(l.json.result.identities).toEqual([expect.objectContaining({ profile: 'bob', current: false })]);
  });

  it('a passphrase-protected identity needs its passphrase (verified) or --force', async () => {
    const dir = await withIdentity({ passphrase: 'right' });
    const profile = join(dir, 'profiles', 'alice');
    const none = await cli(['identity', 'delete', 'alice', '--yes', '--json', '--data-dir', dir], {
      SESSION_PASSPHRASE: undefined,
    });
    expect(none.code).toBe(6);
    expect(none.json.error.code).toBe('SECRET_STORE_LOCKED');
    expect(none.json.error.hint).toMatch(/--force/);
    expect(existsSync(join(profile, 'keystore.json'))).toBe(true);

    const wrong = await cli(['identity', 'delete', 'alice', '--yes', '--json', '--data-dir', dir], {
      SESSION_PASSPHRASE: 'wrong',
    });
    expect(wrong.code).toBe(6);
    expect(wrong.json.error.code).toBe('SECRET_STORE_LOCKED');
    expect(existsSync(profile)).toBe(true);

    const pf = join(tempDir(), 'pass');
    writeFileSync(pf, 'right\n', { mode: 0o600 });
    const ok = await cli(
      ['identity', 'delete', 'alice', '--yes', '--passphrase-file', pf, '--json', '--data-dir', dir],
      {
        SESSION_PASSPHRASE: undefined,
      },
    );
    expect(ok.code).toBe(0);
    expect(existsSync(profile)).toBe(false);
  });

  it('--force deletes a passphrase-protected identity without the passphrase', async () => {
    const dir = await withIdentity({ passphrase: 'forgotten' });
    const r = await cli(['identity', 'delete', 'alice', '--yes', '--force', '--json', '--data-dir', dir], {
      SESSION_PASSPHRASE: undefined,
    });
    expect(r.code).toBe(0);
    expect(existsSync(join(dir, 'profiles', 'alice'))).toBe(false);
  });
});
