import { describe, expect, it } from 'vitest';
import { absolutePaths, forwardedCommand } from '../../src/daemon/forward.js';
import { methodArgv } from '../../src/cli/daemon-runner.js';
import { defaultSocketPath } from '../../src/daemon/paths.js';

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
