import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { repoRoot } from '../helpers/spec.js';
import { startLocalNetwork, type LocalNetwork } from '../helpers/local-network.js';
import { runCli, type CliResult } from '../helpers/cli.js';
import { startSocks5Server, type Socks5Server } from '../helpers/socks5-server.js';

/**
 * The CLI through --proxy on a devnet: every TCP connection each process opens is recorded from
 * inside it (test/helpers/record-connections.mjs), and each must be to the SOCKS5 proxy; the
 * proxy's own log shows the seed, the nodes and (through them) the file server traffic.
 */
describe('--proxy: message send, receive and file upload go only through the proxy', () => {
  let net: LocalNetwork;
  let socks: Socks5Server;
  let record: string;
  const preload = join(repoRoot, 'test', 'helpers', 'record-connections.mjs');

  beforeAll(async () => {
    net = await startLocalNetwork('session-proxy-cli', ['alice', 'bob']);
    socks = await startSocks5Server();
    record = join(net.dataDir, '..', 'connections.log');
    writeFileSync(record, '');
  }, 120_000);
  afterAll(async () => {
    await socks?.close();
    await net?.dn.stop();
  });

  const cli = (args: string[], profile?: string, env: Record<string, string> = {}): Promise<CliResult> =>
    runCli(
      [
        ...args,
        ...(profile ? ['--profile', profile] : []),
        '--data-dir',
        net.dataDir,
        '--network',
        net.network,
        '--json',
      ],
      {
        timeoutMs: 120_000,
        env: { NODE_OPTIONS: `--import=${preload}`, RECORD_CONNECTIONS_FILE: record, ...env },
      },
    );
  // TCP only: local IPC (unix sockets) is not a network connection
  const connections = () =>
    readFileSync(record, 'utf8')
      .split('\n')
      .filter((l) => l !== '' && !l.startsWith('unix:'));

  it('records direct connections when there is no proxy (the control: the recorder sees them)', async () => {
    writeFileSync(record, '');
    const r = await cli(['doctor'], undefined);
    expect(connections().length).toBeGreaterThan(0);
    expect(connections().every((c) => c === `${socks.host}:${socks.port}`)).toBe(false);
    expect(r.json?.result?.checks?.find((c: { id: string }) => c.id === 'proxy')?.detail).toMatch(/^none/);
  }, 120_000);

  it('send, receive and file upload: every connection is to the proxy, none direct', async () => {
    writeFileSync(record, '');
    const proxy = ['--proxy', socks.url('socks5h')];
    const s = await cli(['message', 'send', net.ids.bob!, 'through the proxy', ...proxy], 'alice');
    expect(s.code, s.stderr).toBe(0);
    const r = await cli(['message', 'receive', ...proxy], 'bob');
    expect(r.code, r.stderr).toBe(0);
    expect(r.json.result.messages.map((m: { text: string | null }) => m.text)).toContain('through the proxy');
    const file = join(net.dataDir, '..', 'upload.bin');
    writeFileSync(file, Buffer.alloc(5000, 7));
    const up = await cli(['file', 'upload', file, ...proxy]);
    expect(up.code, up.stderr).toBe(0);

    const seen = connections();
    expect(seen.length).toBeGreaterThan(0);
    expect(seen.filter((c) => c !== `${socks.host}:${socks.port}`)).toEqual([]);
    // and the proxy carried the seed and storage nodes' traffic
    const seed = new URL(JSON.parse(readFileSync(net.network, 'utf8')).seeds[0].url);
    const dests = socks.connects.map((c) => `${c.host}:${c.port}`);
    expect(dests).toContain(`${seed.hostname}:${seed.port}`);
    expect(new Set(dests).size).toBeGreaterThan(1);
    expect(socks.connects.every((c) => c.ok)).toBe(true);
  }, 360_000);

  it('community join, post and read: onion and --direct both go only through the proxy', async () => {
    writeFileSync(record, '');
    const proxy = ['--proxy', socks.url('socks5h')];
    const community = JSON.parse(readFileSync(net.network, 'utf8')).community as {
      port: number;
      rooms: { token: string; joinUrl: string }[];
    };
    const lobby = community.rooms.find((r) => r.token === 'lobby')!;
    const j = await cli(['community', 'join', lobby.joinUrl, ...proxy], 'alice');
    expect(j.code, j.stderr).toBe(0);
    const p = await cli(
      ['community', 'post', 'lobby', 'via the proxy, direct', '--direct', ...proxy],
      'alice',
    );
    expect(p.code, p.stderr).toBe(0);
    const r = await cli(['community', 'read', 'lobby', ...proxy], 'alice');
    expect(r.code, r.stderr).toBe(0);
    expect(connections().filter((c) => c !== `${socks.host}:${socks.port}`)).toEqual([]);
    // the direct post reached the community server through the proxy
    expect(socks.connects.map((c) => c.port)).toContain(community.port);
  }, 240_000);

  it('SESSION_PROXY and the config file are honoured the same way; doctor reports the proxy', async () => {
    writeFileSync(record, '');
    const viaEnv = await cli(['doctor'], undefined, { SESSION_PROXY: socks.url('socks5h') });
    expect(viaEnv.code, viaEnv.stderr).toBe(0);
    const check = viaEnv.json.result.checks.find((c: { id: string }) => c.id === 'proxy');
    expect(check.detail).toContain(`socks5h://127.0.0.1:${socks.port}`);
    expect(connections().filter((c) => c !== `${socks.host}:${socks.port}`)).toEqual([]);

    writeFileSync(record, '');
    const home = join(net.dataDir, '..', 'config-home');
    const { mkdirSync } = await import('node:fs');
    mkdirSync(join(home, 'session-cli'), { recursive: true });
    writeFileSync(join(home, 'session-cli', 'config.json'), JSON.stringify({ proxy: socks.url('socks5') }));
    const viaFile = await cli(['doctor'], undefined, { XDG_CONFIG_HOME: home });
    expect(viaFile.code, viaFile.stderr).toBe(0);
    expect(viaFile.json.result.checks.find((c: { id: string }) => c.id === 'proxy').detail).toContain(
      'socks5://',
    );
    expect(connections().filter((c) => c !== `${socks.host}:${socks.port}`)).toEqual([]);
  }, 240_000);

  it('a bad proxy URL is a usage error before anything connects', async () => {
    writeFileSync(record, '');
    const r = await cli(['message', 'receive', '--proxy', 'https://nope:1'], 'bob');
    expect(r.json.error.code).toBe('INVALID_INPUT');
    expect(connections()).toEqual([]);
  }, 60_000);
});
