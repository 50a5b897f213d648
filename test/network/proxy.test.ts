import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDevnet, type Devnet } from '../../src/devnet/index.js';
import { isSessionError, type SessionError } from '../../src/errors.js';
import { loadNetworkConfig, type NetworkConfig } from '../../src/network/config.js';
import { describeProxy, parseProxyUrl, proxyFromEnv } from '../../src/network/proxy.js';
import { fetchFromSeeds } from '../../src/network/seeds.js';
import { UndiciTransport, failureStage } from '../../src/network/transport.js';
import { parseConfigValue } from '../../src/cli/config-file.js';
import { effectiveSettings } from '../../src/cli/effective-settings.js';
import { startHttpConnectProxy, type HttpConnectProxy } from '../helpers/http-connect-proxy.js';
import { startSocks5Server, type Socks5Server } from '../helpers/socks5-server.js';

describe('proxy URLs', () => {
  it('parses the three schemes, default ports, credentials and IPv6 literals', () => {
    expect(parseProxyUrl('socks5://127.0.0.1:9050')).toEqual({
      protocol: 'socks5',
      host: '127.0.0.1',
      port: 9050,
    });
    expect(parseProxyUrl('socks5h://tor.local')).toMatchObject({ protocol: 'socks5h', port: 1080 });
    expect(parseProxyUrl('http://[::1]:3128')).toEqual({ protocol: 'http', host: '::1', port: 3128 });
    const p = parseProxyUrl('http://me:s%40cret@proxy:8080');
    expect(p).toMatchObject({ username: 'me', password: 's@cret' });
    expect(describeProxy(p)).toBe('http://me:***@proxy:8080');
  });

  it('refuses other schemes, paths and non-URLs as INVALID_INPUT without echoing secrets', () => {
    for (const bad of ['https://proxy:443', 'socks4://h:1', 'proxy:1080', 'http://h:1/path', '']) {
      const e = (() => {
        try {
          parseProxyUrl(bad);
        } catch (x) {
          return x;
        }
      })();
      expect(isSessionError(e, 'INVALID_INPUT'), bad).toBe(true);
    }
  });

  it('the setting: --proxy beats SESSION_PROXY beats the config file; the file refuses a bad URL', () => {
    const file = { proxy: 'socks5://127.0.0.1:1' };
    const env = { SESSION_PROXY: 'socks5h://127.0.0.1:2' };
    expect(effectiveSettings(['--proxy', 'http://127.0.0.1:3'], env, file).proxy).toEqual({
      value: 'http://127.0.0.1:3',
      source: 'flag',
    });
    expect(effectiveSettings([], env, file).proxy).toEqual({ value: env.SESSION_PROXY, source: 'env' });
    expect(effectiveSettings([], {}, file).proxy).toEqual({ value: file.proxy, source: 'file' });
    expect(effectiveSettings([], {}, {}).proxy).toEqual({ value: null, source: 'default' });
    expect(parseConfigValue('proxy', 'socks5h://[::1]:9050')).toBe('socks5h://[::1]:9050');
    expect(() => parseConfigValue('proxy', 'https://proxy:443')).toThrow(/bad value for config key "proxy"/);
  });

  it('SESSION_PROXY is the default; empty means none', () => {
    expect(proxyFromEnv({ SESSION_PROXY: 'socks5h://127.0.0.1:1' })?.protocol).toBe('socks5h');
    expect(proxyFromEnv({ SESSION_PROXY: '' })).toBeUndefined();
    expect(proxyFromEnv({})).toBeUndefined();
  });
});

describe('the transport through a proxy (devnet seed, pinned TLS)', () => {
  let dir: string;
  let dn: Devnet;
  let base: NetworkConfig;
  let socks: Socks5Server;
  let http: HttpConnectProxy;
  let seedHost: string;
  let seedPort: number;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'session-proxy-'));
    dn = await startDevnet({ dir, nodes: 3, swarmSize: 3 });
    base = loadNetworkConfig(join(dir, 'devnet.json'));
    const u = new URL(base.seeds[0]!.url);
    seedHost = u.hostname;
    seedPort = Number(u.port);
    // the proxy's "remote DNS": a name only it knows
    socks = await startSocks5Server({ resolve: (n) => (n === 'seed.devnet.test' ? seedHost : undefined) });
    http = await startHttpConnectProxy();
  }, 60_000);
  afterAll(async () => {
    await socks?.close();
    await http?.close();
    await dn?.stop();
    await rm(dir, { recursive: true, force: true });
  });

  const use = async <T>(t: UndiciTransport, fn: (t: UndiciTransport) => Promise<T>): Promise<T> => {
    try {
      return await fn(t);
    } finally {
      await t.close();
    }
  };

  it('without a proxy, nothing goes through it (the control for the tests below)', async () => {
    const before = socks.connects.length;
    const nodes = await use(new UndiciTransport({ proxy: null }), (t) => fetchFromSeeds(base, t));
    expect(nodes.length).toBe(3);
    expect(socks.connects.length).toBe(before);
  });

  it('socks5: the seed is reached through the proxy, by address, with its pin checked', async () => {
    const before = socks.connects.length;
    const proxy = parseProxyUrl(socks.url('socks5'));
    const nodes = await use(new UndiciTransport({ proxy }), (t) => fetchFromSeeds(base, t));
    expect(nodes.length).toBe(3);
    expect(socks.connects.slice(before)).toEqual([
      expect.objectContaining({ host: seedHost, port: seedPort, addressType: 'ipv4', ok: true }),
    ]);
  });

  it('socks5h sends the name to the proxy (no local DNS); socks5 resolves it here and fails', async () => {
    const seed = base.seeds[0]!;
    const named = { ...base, seeds: [{ url: `https://seed.devnet.test:${seedPort}`, tls: seed.tls }] };
    const before = socks.connects.length;
    const viaName = await use(new UndiciTransport({ proxy: parseProxyUrl(socks.url('socks5h')) }), (t) =>
      fetchFromSeeds(named, t),
    );
    expect(viaName.length).toBe(3);
    expect(socks.connects.slice(before)).toEqual([
      expect.objectContaining({ host: 'seed.devnet.test', addressType: 'domain', ok: true }),
    ]);

    const mid = socks.connects.length;
    const e = (await use(new UndiciTransport({ proxy: parseProxyUrl(socks.url('socks5')) }), (t) =>
      fetchFromSeeds(named, t),
    ).catch((x: unknown) => x)) as SessionError;
    expect(isSessionError(e, 'NETWORK_UNREACHABLE')).toBe(true);
    // the name was looked up locally (and not found): the proxy was never asked
    expect(socks.connects.length).toBe(mid);
  });

  it('a wrong pin is still refused when tunnelled', async () => {
    const seed = base.seeds[0]!;
    const wrong = { ...base, seeds: [{ url: seed.url, tls: { fingerprint256: `${'AB:'.repeat(31)}AB` } }] };
    const e = (await use(new UndiciTransport({ proxy: parseProxyUrl(socks.url()) }), (t) =>
      fetchFromSeeds(wrong, t),
    ).catch((x: unknown) => x)) as SessionError;
    expect((e.details as { seeds: { outcome: string }[] }).seeds[0]!.outcome).toBe('wrong-certificate');
  });

  it('a destination refusing through the proxy is a connect failure of that destination', async () => {
    const t = new UndiciTransport({ proxy: parseProxyUrl(socks.url()) });
    const e = await use(t, (t) =>
      t.request({ url: 'https://127.0.0.1:1/x', tls: { insecure: true } }, 'x', { timeoutMs: 10_000 }),
    ).catch((x: unknown) => x);
    expect(isSessionError(e, 'NETWORK_UNREACHABLE')).toBe(true);
    expect(failureStage(e)).toBe('connect');
    expect((e as SessionError).details).toMatchObject({ reason: 'refused' });
  });

  it('plain http goes through the proxy too (file server, community servers by URL)', async () => {
    const before = socks.connects.length;
    const fs = base.fileServer;
    const res = await use(new UndiciTransport({ proxy: parseProxyUrl(socks.url()) }), (t) =>
      t.request({ url: `${fs.protocol}://${fs.host}:${fs.port}/` }, 'x', { timeoutMs: 10_000 }),
    );
    expect(res.status).toBeGreaterThan(0);
    expect(socks.connects.slice(before)).toEqual([
      expect.objectContaining({ host: fs.host, port: fs.port, ok: true }),
    ]);
  });

  it('http:// proxies tunnel with CONNECT', async () => {
    const nodes = await use(new UndiciTransport({ proxy: parseProxyUrl(http.url) }), (t) =>
      fetchFromSeeds(base, t),
    );
    expect(nodes.length).toBe(3);
    expect(http.connects).toEqual([{ authority: `${seedHost}:${seedPort}`, ok: true }]);
  });

  it('a proxy that is down fails the request (never a silent direct connection)', async () => {
    const dead = await startSocks5Server();
    await dead.close();
    const e = (await use(new UndiciTransport({ proxy: parseProxyUrl(dead.url()) }), (t) =>
      fetchFromSeeds(base, t),
    ).catch((x: unknown) => x)) as SessionError;
    expect(isSessionError(e, 'NETWORK_UNREACHABLE')).toBe(true);
    expect(JSON.stringify(e.details)).toContain('proxy');
  });
});
