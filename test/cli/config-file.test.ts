import { existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli, tempDir } from '../helpers/cli.js';

/** A config home with an optional config.json. */
function configHome(cfg?: Record<string, unknown>): string {
  const home = tempDir();
  if (cfg) {
    mkdirSync(join(home, 'session-cli'));
    writeFileSync(join(home, 'session-cli', 'config.json'), JSON.stringify(cfg));
  }
  return home;
}

const cli = (home: string, args: string[], env: Record<string, string | undefined> = {}) =>
  runCli(args, {
    env: {
      XDG_CONFIG_HOME: home,
      SESSION_PROFILE: undefined,
      SESSION_DATA_DIR: undefined,
      SESSION_NETWORK: undefined,
      ...env,
    },
  });

async function dataDirWith(...names: string[]): Promise<string> {
  const dir = tempDir();
  for (const n of names) {
    const r = await cli(configHome(), [
      'identity',
      'create',
      '--name',
      n,
      '--no-passphrase',
      '--data-dir',
      dir,
    ]);
    expect(r.code).toBe(0);
  }
  return dir;
}

const ESC = '\u001b[';

describe('config file: set, get, list', () => {
  it('set writes $XDG_CONFIG_HOME/session-cli/config.json (0600); get and list read it back', async () => {
    const home = configHome();
    const s = await cli(home, ['config', 'set', 'profile', 'bob', '--json']);
    expect(s.code).toBe(0);
    expect(s.json.result).toMatchObject({ key: 'profile', value: 'bob' });
    await cli(home, ['config', 'set', 'json', 'false']);
    await cli(home, ['config', 'set', 'network', '/srv/devnet/devnet.json']);
    const path = join(home, 'session-cli', 'config.json');
    expect(JSON.parse(readFileSync(path, 'utf8'))).toEqual({
      profile: 'bob',
      json: false,
      network: '/srv/devnet/devnet.json',
    });
    expect(statSync(path).mode & 0o777).toBe(0o600);
    const g = await cli(home, ['config', 'get', 'profile', '--json']);
    expect(g.json.result).toMatchObject({ key: 'profile', file: 'bob', value: 'bob', source: 'file' });
    const l = await cli(home, ['config', 'list', '--json']);
    expect(l.code).toBe(0);
    expect(l.json.result.file).toEqual({ profile: 'bob', json: false, network: '/srv/devnet/devnet.json' });
    expect(Object.keys(l.json.result.settings).sort()).toEqual(
      ['color', 'data-dir', 'json', 'network', 'profile', 'proxy', 'quiet', 'verbose'].sort(),
    );
    const u = await cli(home, ['config', 'set', 'profile', '--unset', '--json']);
    expect(u.code).toBe(0);
    expect(JSON.parse(readFileSync(path, 'utf8'))).toEqual({
      json: false,
      network: '/srv/devnet/devnet.json',
    });
  });

  it('unknown keys and bad values are INVALID_INPUT naming the key; the file is unchanged', async () => {
    const home = configHome({ profile: 'alice' });
    const path = join(home, 'session-cli', 'config.json');
    const before = readFileSync(path, 'utf8');
    for (const [args, key] of [
      [['config', 'set', 'colour', 'never'], 'colour'],
      [['config', 'get', 'colour'], 'colour'],
      [['config', 'set', 'color', 'purple'], 'color'],
      [['config', 'set', 'json', 'maybe'], 'json'],
      [['config', 'set', 'profile', 'Not A Name'], 'profile'],
      [['config', 'set', 'data-dir', 'relative/dir'], 'data-dir'],
      [['config', 'set', 'network', 'testnet-ish'], 'network'],
    ] as const) {
      const r = await cli(home, [...args, '--json']);
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.json.error.code).toBe('INVALID_INPUT');
      expect(r.json.error.message).toContain(`"${key}"`);
      expect(r.json.error.details.key).toBe(key);
    }
    expect(readFileSync(path, 'utf8')).toBe(before);
    // a bad value never appears in the message (only the key)
    const v = await cli(home, ['config', 'set', 'color', 'hunter2', '--json']);
    expect(v.stdout).not.toContain('hunter2');
  });

  it('a bad key or value in the file fails every command with INVALID_INPUT naming it', async () => {
    const unknown = await cli(configHome({ colour: 'never' }), [
      'identity',
      'list',
      '--json',
      '--data-dir',
      tempDir(),
    ]);
    expect(unknown.code).toBe(2);
    expect(unknown.json.error.message).toMatch(/"colour"/);
    const bad = await cli(configHome({ quiet: 'loud' }), [
      'identity',
      'list',
      '--json',
      '--data-dir',
      tempDir(),
    ]);
    expect(bad.code).toBe(2);
    expect(bad.json.error.message).toMatch(/"quiet"/);
    const home = tempDir();
    mkdirSync(join(home, 'session-cli'));
    writeFileSync(join(home, 'session-cli', 'config.json'), '{ not json');
    const broken = await cli(home, ['identity', 'list', '--json', '--data-dir', tempDir()]);
    expect(broken.code).toBe(2);
    expect(broken.json.error.code).toBe('INVALID_INPUT');
    expect(broken.json.error.message).toMatch(/config file/);
  });
});

describe('precedence: flag > env > file > default, for each key', () => {
  it('profile', async () => {
    const dir = await dataDirWith('alice', 'bob', 'carol'); // alice is current (the default)
    const show = async (home: string, extra: string[] = [], env: Record<string, string> = {}) =>
      (await cli(home, ['identity', 'show', '--json', '--data-dir', dir, ...extra], env)).json.result.profile;
    expect(await show(configHome())).toBe('alice');
    const home = configHome({ profile: 'bob' });
    expect(await show(home)).toBe('bob');
    expect(await show(home, [], { SESSION_PROFILE: 'carol' })).toBe('carol');
    expect(await show(home, ['--profile', 'alice'], { SESSION_PROFILE: 'carol' })).toBe('alice');
  });

  it('data-dir', async () => {
    const [d1, d2, d3] = [await dataDirWith('one'), await dataDirWith('two'), await dataDirWith('three')];
    const show = async (home: string, extra: string[] = [], env: Record<string, string> = {}) =>
      (await cli(home, ['identity', 'show', '--json', ...extra], env)).json;
    const home = configHome({ 'data-dir': d1 });
    expect((await show(home)).result.profile).toBe('one');
    expect((await show(home, [], { SESSION_DATA_DIR: d2 })).result.profile).toBe('two');
    expect((await show(home, ['--data-dir', d3], { SESSION_DATA_DIR: d2 })).result.profile).toBe('three');
    // default: $XDG_DATA_HOME/session-cli, here an empty one
    const none = await show(configHome(), [], { XDG_DATA_HOME: tempDir() });
    expect(none.error.code).toBe('NO_IDENTITY');
  });

  it('json', async () => {
    const dir = await dataDirWith('alice');
    const home = configHome({ json: true });
    const fromFile = await cli(home, ['identity', 'list', '--data-dir', dir]);
    expect(fromFile.json?.ok).toBe(true);
    const envOff = await cli(home, ['identity', 'list', '--data-dir', dir], { SESSION_JSON: '0' });
    expect(envOff.json).toBeUndefined();
    expect(envOff.stdout).toMatch(/alice/);
    const flagOn = await cli(home, ['identity', 'list', '--json', '--data-dir', dir], { SESSION_JSON: '0' });
    expect(flagOn.json.ok).toBe(true);
    const dflt = await cli(configHome(), ['identity', 'list', '--data-dir', dir]);
    expect(dflt.json).toBeUndefined();
    // also for failures before any command runs
    const unknown = await cli(home, ['mesage']);
    expect(unknown.json.error.code).toBe('UNKNOWN_COMMAND');
  });

  it('quiet', async () => {
    const warn = /Warning: the seed is stored WITHOUT a passphrase/;
    const create = (home: string, extra: string[] = [], env: Record<string, string> = {}) =>
      cli(home, ['identity', 'create', '--no-passphrase', '--data-dir', tempDir(), ...extra], env);
    expect((await create(configHome())).stderr).toMatch(warn);
    const home = configHome({ quiet: true });
    expect((await create(home)).stderr).not.toMatch(warn);
    expect((await create(home, [], { SESSION_QUIET: 'false' })).stderr).toMatch(warn);
    expect((await create(home, ['--quiet'], { SESSION_QUIET: 'false' })).stderr).not.toMatch(warn);
  });

  it('color (and NO_COLOR) on the QR code', async () => {
    const dir = await dataDirWith('alice');
    const qr = async (home: string, extra: string[] = [], env: Record<string, string | undefined> = {}) =>
      (
        await cli(home, ['identity', 'show', '--qr', '--data-dir', dir, ...extra], {
          NO_COLOR: undefined,
          ...env,
        })
      ).stdout;
    expect(await qr(configHome())).not.toContain(ESC); // default auto: not a terminal
    const home = configHome({ color: 'always' });
    expect(await qr(home)).toContain(ESC);
    expect(await qr(home, [], { NO_COLOR: '1' })).not.toContain(ESC);
    expect(await qr(home, [], { SESSION_COLOR: 'never' })).not.toContain(ESC);
    expect(await qr(home, ['--color', 'always'], { NO_COLOR: '1' })).toContain(ESC);
  });

  it('network, verbose (as reported by config get)', async () => {
    const home = configHome({ network: '/a/devnet.json', verbose: true });
    const get = async (key: string, extra: string[] = [], env: Record<string, string> = {}) =>
      (await cli(home, ['config', 'get', key, '--json', ...extra], env)).json.result;
    expect(await get('network')).toMatchObject({ value: '/a/devnet.json', source: 'file' });
    expect(await get('network', [], { SESSION_NETWORK: '/b/devnet.json' })).toMatchObject({
      value: '/b/devnet.json',
      source: 'env',
    });
    expect(
      await get('network', ['--network', 'mainnet'], { SESSION_NETWORK: '/b/devnet.json' }),
    ).toMatchObject({
      value: 'mainnet',
      source: 'flag',
    });
    expect(await get('verbose')).toMatchObject({ value: true, source: 'file' });
    expect(await get('verbose', [], { SESSION_VERBOSE: '0' })).toMatchObject({ value: false, source: 'env' });
    expect(await get('verbose', ['--verbose'], { SESSION_VERBOSE: '0' })).toMatchObject({
      value: true,
      source: 'flag',
    });
    const dflt = (await cli(configHome(), ['config', 'get', 'network', '--json'])).json.result;
    expect(dflt).toMatchObject({ value: 'mainnet', source: 'default' });
  });

  it('the network from the file reaches the command (a missing devnet.json: NO_NETWORK, never mainnet)', async () => {
    const dir = await dataDirWith('alice');
    const missing = join(tempDir(), 'devnet.json');
    const r = await cli(configHome({ network: missing }), [
      'message',
      'receive',
      '--json',
      '--data-dir',
      dir,
    ]);
    expect(r.code).toBe(6);
    expect(existsSync(missing)).toBe(false);
    expect(r.json.error.code).toBe('NO_NETWORK');
    expect(r.json.error.message).toContain(missing);
  });
});
