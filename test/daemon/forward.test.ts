import { describe, expect, it } from 'vitest';
import { absolutePaths, forwardedCommand } from '../../src/daemon/forward.js';
import { methodArgv } from '../../src/cli/daemon-runner.js';
import { defaultSocketPath, fnv1a64Hex } from '../../src/daemon/paths.js';

describe('CLI forwarding', () => {
  it('forwards profile commands only; identity, devnet, daemon, config, file, help run locally', () => {
    expect(forwardedCommand(['message', 'send', '05ab', 'hi'])).toBe('message:send');
    expect(forwardedCommand(['request', 'list'])).toBe('request:list');
    for (const argv of [
      ['identity', 'create'],
      ['devnet', 'start'],
      ['daemon', 'status'],
      ['config', 'set'],
      ['file', 'upload', 'x'],
      ['help'],
      ['version'],
      ['completion', 'bash'],
    ])
      expect(forwardedCommand(argv), argv.join(' ')).toBeUndefined();
  });

  it('makes path flags absolute against the caller directory, never what follows --', () => {
    expect(
      absolutePaths(
        [
          'message',
          'send',
          '05ab',
          '--file',
          'a.txt',
          '--attach=b.png',
          '--network',
          'mainnet',
          '--data-dir',
          '/abs',
          '--',
          '--file',
          'x',
        ],
        '/home/me',
      ),
    ).toEqual([
      'message',
      'send',
      '05ab',
      '--file',
      '/home/me/a.txt',
      '--attach=/home/me/b.png',
      '--network',
      'mainnet',
      '--data-dir',
      '/abs',
      '--',
      '--file',
      'x',
    ]);
  });

  it('names the socket after the data directory, in XDG_RUNTIME_DIR or else the data dir', () => {
    const a = defaultSocketPath('/data/a', { XDG_RUNTIME_DIR: '/run/user/1' });
    const b = defaultSocketPath('/data/b', { XDG_RUNTIME_DIR: '/run/user/1' });
    expect(a.startsWith('/run/user/1/session-cli/')).toBe(true);
    expect(a).not.toBe(b);
    expect(defaultSocketPath('/data/a', {})).toBe('/data/a/daemon.sock');
    expect(a).toBe(`/run/user/1/session-cli/daemon-${fnv1a64Hex('/data/a')}.sock`);
  });

  it('tags the socket with FNV-1a 64 (the published test values), over UTF-8', () => {
    // From the FNV reference test suite (draft-eastlake-fnv, "FNV-1a 64-bit")
    expect(fnv1a64Hex('')).toBe('cbf29ce484222325');
    expect(fnv1a64Hex('a')).toBe('af63dc4c8601ec8c');
    expect(fnv1a64Hex('foobar')).toBe('85944171f73967e8');
  });

  it('loads no node:crypto to find the socket (the forwarding process never needs it)', async () => {
    const { spawnSync } = await import('node:child_process');
    const url = new URL('../../dist/src/daemon/paths.js', import.meta.url).href;
    const r = spawnSync(
      process.execPath,
      [
        '--input-type=module',
        '-e',
        `const { defaultSocketPath } = await import(${JSON.stringify(url)});
         defaultSocketPath('/data/a', { XDG_RUNTIME_DIR: '/run/user/1' });
         console.log(process.moduleLoadList.includes('NativeModule crypto'));`,
      ],
      { encoding: 'utf8' },
    );
    expect(r.stdout.trim()).toBe('false');
  });
});

describe('methodArgv', () => {
  const cmd = {
    id: 'message:send',
    args: { to: { name: 'to', required: true }, text: { name: 'text' } },
    flags: {
      ttl: { name: 'ttl', type: 'option' },
      attach: { name: 'attach', type: 'option', multiple: true },
      typing: { name: 'typing', type: 'boolean' },
      json: { name: 'json', type: 'boolean' },
    },
  } as any;

  it('builds args after -- (a value starting with "-" is never a flag) and flags by name', () => {
    expect(
      methodArgv(cmd, { to: '05ab', text: '-not a flag', ttl: '1d', attach: ['a', 'b'], typing: true }),
    ).toEqual([
      'message',
      'send',
      '--ttl=1d',
      '--attach=a',
      '--attach=b',
      '--typing',
      '--json',
      '--',
      '05ab',
      '-not a flag',
    ]);
  });

  it('refuses unknown params, a later argument without the earlier one, wrong types', () => {
    expect(() => methodArgv(cmd, { to: '05ab', bogus: 1 })).toThrow(/unknown parameter "bogus"/);
    expect(() => methodArgv(cmd, { text: 'x' })).toThrow(/needs "to"/);
    expect(() => methodArgv(cmd, { to: '05ab', typing: 'yes' })).toThrow(/true or false/);
    expect(() => methodArgv(cmd, { to: { x: 1 } })).toThrow(/string or a number/);
    expect(() => methodArgv(cmd, { to: '05ab', ttl: ['1d', '2d'] })).toThrow(/one value/);
  });
});
