import { readFileSync, statSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli, tempDir } from '../helpers/cli.js';

const V1 = 'amaze buffet cake entrance symptoms tiger lamb maze nestle python dusted faxed faxed';
const V1_ID = '05ca03b8e369aeeb69fd260c2957d37b232db17a60db7a39bca9f0c0a6be135c1a';

describe('session identity (through the CLI)', () => {
  it('show without an identity exits 6 with NO_IDENTITY', async () => {
    const r = await runCli(['identity', 'show', '--json', '--data-dir', tempDir()]);
    expect(r.code).toBe(6);
    expect(r.json.ok).toBe(false);
    expect(r.json.error.code).toBe('NO_IDENTITY');
    expect(r.json.error.exitCode).toBe(6);
  });

  it('create with a passphrase, show, export, list, use, delete', async () => {
    const dir = tempDir();
    const env = { SESSION_PASSPHRASE: 'correct horse' };
    const c = await runCli(['identity', 'create', '--name', 'alice', '--json', '--data-dir', dir], { env });
    expect(c.code).toBe(0);
    expect(c.json.result.accountId).toMatch(/^05[0-9a-f]{64}$/);
    expect(c.stdout).not.toMatch(/recoveryPassword/);
    const ks = join(dir, 'profiles', 'alice', 'keystore.json');
    expect(statSync(ks).mode & 0o777).toBe(0o600);
    expect(existsSync(join(dir, 'profiles', 'alice', 'session.db'))).toBe(true);

    const s = await runCli(['identity', 'show', '--json', '--data-dir', dir]);
    expect(s.code).toBe(0);
    expect(s.json.result.accountId).toBe(c.json.result.accountId);
    expect(s.json.result.ed25519PublicKey).toMatch(/^[0-9a-f]{64}$/);

    const noYes = await runCli(['identity', 'export', '--json', '--data-dir', dir], { env });
    expect(noYes.code).toBe(2);
    expect(noYes.json.error.code).toBe('CONFIRMATION_REQUIRED');

    const e = await runCli(['identity', 'export', '--yes', '--json', '--data-dir', dir], { env });
    expect(e.code).toBe(0);
    expect(e.json.result.recoveryPassword.split(' ')).toHaveLength(13);

    // The exported phrase restores the same account in another data dir.
    const dir2 = tempDir();
    const r = await runCli(['identity', 'restore', '--no-passphrase', '--json', '--data-dir', dir2], {
      stdin: `${e.json.result.recoveryPassword}\n`,
    });
    expect(r.code).toBe(0);
    expect(r.json.result.accountId).toBe(c.json.result.accountId);
    expect(r.json.warnings.join(' ')).toMatch(/WITHOUT a passphrase/);

    await runCli(['identity', 'create', '--name', 'bob', '--no-passphrase', '--data-dir', dir]);
    const l = await runCli(['identity', 'list', '--json', '--data-dir', dir]);
    expect(l.json.result.identities.map((i: any) => [i.profile, i.current])).toEqual([
      ['alice', true],
      ['bob', false],
    ]);
    const u = await runCli(['identity', 'use', 'bob', '--json', '--data-dir', dir]);
    expect(u.code).toBe(0);
    expect((await runCli(['identity', 'show', '--json', '--data-dir', dir])).json.result.profile).toBe('bob');
    expect(
      (await runCli(['identity', 'show', '--json', '--profile', 'alice', '--data-dir', dir])).json.result
        .profile,
    ).toBe('alice');
    expect((await runCli(['identity', 'delete', 'bob', '--json', '--data-dir', dir])).code).toBe(2);
    const d = await runCli(['identity', 'delete', 'bob', '--yes', '--json', '--data-dir', dir]);
    expect(d.code).toBe(0);
    // bob was current: deleting it leaves no current identity (never a silent switch to alice).
    const after = await runCli(['identity', 'show', '--json', '--data-dir', dir]);
    expect(after.code).toBe(6);
    expect(after.json.error.code).toBe('NO_IDENTITY');
  });

  it('restore from stdin gives the §10.2 Account ID', async () => {
    const r = await runCli(['identity', 'restore', '--no-passphrase', '--json', '--data-dir', tempDir()], {
      stdin: `${V1}\n`,
    });
    expect(r.code).toBe(0);
    expect(r.json.result.accountId).toBe(V1_ID);
  });

  for (const [what, phrase] of [
    ['wrong word count', V1.split(' ').slice(0, 11).join(' ')],
    ['unknown word', V1.replace('cake', 'zzzzz')],
    ['wrong checksum word', V1.replace(/faxed$/, 'amaze')],
  ] as const) {
    it(`a bad Recovery Password (${what}) exits 2 with INVALID_MNEMONIC and creates nothing`, async () => {
      const dir = tempDir();
      const r = await runCli(['identity', 'restore', '--no-passphrase', '--json', '--data-dir', dir], {
        stdin: phrase,
      });
      expect(r.code).toBe(2);
      expect(r.json.error.code).toBe('INVALID_MNEMONIC');
      expect(r.stdout + r.stderr).not.toContain(phrase);
      expect(existsSync(join(dir, 'profiles'))).toBe(false);
    });
  }

  it('a wrong passphrase exits 6 with SECRET_STORE_LOCKED and leaves the keystore byte-identical', async () => {
    const dir = tempDir();
    await runCli(['identity', 'create', '--name', 'alice', '--data-dir', dir], {
      env: { SESSION_PASSPHRASE: 'right' },
    });
    const ks = join(dir, 'profiles', 'alice', 'keystore.json');
    const before = readFileSync(ks);
    const r = await runCli(['identity', 'export', '--yes', '--json', '--data-dir', dir], {
      env: { SESSION_PASSPHRASE: 'wrong' },
    });
    expect(r.code).toBe(6);
    expect(r.json.error.code).toBe('SECRET_STORE_LOCKED');
    expect(readFileSync(ks)).toEqual(before);
  });

  it('the passphrase can come from --passphrase-file', async () => {
    const dir = tempDir();
    const pf = join(dir, 'pass');
    (await import('node:fs')).writeFileSync(pf, 'from-file\n', { mode: 0o600 });
    const c = await runCli(['identity', 'create', '--passphrase-file', pf, '--json', '--data-dir', dir], {
      env: { SESSION_PASSPHRASE: undefined },
    });
    expect(c.code).toBe(0);
    const e = await runCli(
      ['identity', 'export', '--yes', '--json', '--passphrase-file', pf, '--data-dir', dir],
      {
        env: { SESSION_PASSPHRASE: undefined },
      },
    );
    expect(e.json.result.accountId).toBe(c.json.result.accountId);
  });

  it('without a TTY, passphrase or --no-passphrase, create refuses and creates nothing', async () => {
    const dir = tempDir();
    const r = await runCli(['identity', 'create', '--json', '--data-dir', dir], {
      env: { SESSION_PASSPHRASE: undefined },
    });
    expect(r.code).toBe(6);
    expect(r.json.error.code).toBe('SECRET_STORE_LOCKED');
    expect(r.json.error.hint).toMatch(/--passphrase-file/);
    expect(existsSync(join(dir, 'profiles', 'default'))).toBe(false);
  });

  it('invalid profile names and duplicate identities are usage errors', async () => {
    const dir = tempDir();
    expect(
      (await runCli(['identity', 'create', '--name', 'Bad Name', '--json', '--data-dir', dir])).json.error
        .code,
    ).toBe('INVALID_NAME');
    await runCli(['identity', 'create', '--no-passphrase', '--data-dir', dir]);
    const dup = await runCli(['identity', 'create', '--no-passphrase', '--json', '--data-dir', dir]);
    expect(dup.code).toBe(2);
    expect(dup.json.error.code).toBe('PROFILE_EXISTS');
  });

  it('unknown flags are usage errors (exit 2)', async () => {
    const r = await runCli(['identity', 'show', '--bogus', '--json']);
    expect(r.code).toBe(2);
    expect(r.json.error.code).toBe('INVALID_INPUT');
  });
});
