import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { isSessionError } from '../../src/errors.js';
import { MAINNET, loadNetworkConfig } from '../../src/network/config.js';

/** loadNetworkConfig: which names mean mainnet, what a devnet descriptor must hold, minPool. */
const dir = mkdtempSync(join(tmpdir(), 'netcfg-'));
const seed = { url: 'https://127.0.0.1:1', certPem: 'PEM', fingerprint256: 'AA:BB' };
const fileServer = {
  url: 'http://127.0.0.1:2',
  host: '127.0.0.1',
  port: 2,
  protocol: 'http',
  pubkey_x25519: 'ab',
};

function descriptor(d: unknown): string {
  const p = join(dir, `d${Math.random().toString(36).slice(2)}.json`);
  writeFileSync(p, typeof d === 'string' ? d : JSON.stringify(d));
  return p;
}

function codeOf(f: () => unknown): string {
  try {
    f();
  } catch (e) {
    if (isSessionError(e)) return e.code;
    throw e;
  }
  return 'returned';
}

describe('loadNetworkConfig', () => {
  it('undefined, empty and "mainnet" are mainnet, with its three pinned seeds on port 4443', () => {
    for (const n of [undefined, '', 'mainnet']) expect(loadNetworkConfig(n)).toBe(MAINNET);
    expect(MAINNET.seeds.map((s) => s.url)).toEqual([
      'https://seed1.getsession.org:4443',
      'https://seed2.getsession.org:4443',
      'https://seed3.getsession.org:4443',
    ]);
    expect(MAINNET.seeds.every((s) => s.tls.fingerprint256?.length === 95)).toBe(true);
    expect(MAINNET.minPool).toBe(12);
    expect(MAINNET.id).toBe('mainnet');
    expect(MAINNET.fileServer).toEqual({
      url: 'http://filev2.getsession.org',
      host: 'filev2.getsession.org',
      port: 80,
      protocol: 'http',
      x25519Hex: '09324794aa9c11948189762d198c618148e9136ac9582068180661208927ef34',
    });
  });

  it('a devnet descriptor becomes a config keyed by its first seed', () => {
    const c = loadNetworkConfig(
      descriptor({ network: 'devnet', seeds: [seed, { ...seed, url: 'x' }], fileServer }),
    );
    expect(c.id).toBe(`devnet:${seed.url}`);
    expect(c.seeds).toEqual([
      { url: seed.url, tls: { pinnedCertPem: 'PEM', fingerprint256: 'AA:BB' } },
      { url: 'x', tls: { pinnedCertPem: 'PEM', fingerprint256: 'AA:BB' } },
    ]);
    expect(c.fileServer).toEqual({
      url: fileServer.url,
      host: fileServer.host,
      port: 2,
      protocol: 'http',
      x25519Hex: 'ab',
    });
    expect(c.minPool).toBe(11);
  });

  it('minPool is the node count less one, between 4 and 12', () => {
    const pool = (n: number) =>
      loadNetworkConfig(
        descriptor({ network: 'devnet', seeds: [seed], fileServer, nodes: Array(n).fill({}) }),
      ).minPool;
    expect(pool(3)).toBe(4);
    expect(pool(9)).toBe(8);
    expect(pool(30)).toBe(12);
  });

  it('an unreadable file is NO_NETWORK with a hint; a file that is not a devnet descriptor is INVALID_INPUT', () => {
    try {
      loadNetworkConfig(join(dir, 'missing.json'));
      expect.unreachable();
    } catch (e) {
      expect(isSessionError(e, 'NO_NETWORK')).toBe(true);
      expect((e as { hint?: string }).hint).toContain('--network mainnet');
      expect((e as Error).message).toBe(`cannot read the network descriptor ${join(dir, 'missing.json')}`);
    }
    expect(codeOf(() => loadNetworkConfig(descriptor('{not json')))).toBe('NO_NETWORK');
    expect(
      codeOf(() => loadNetworkConfig(descriptor({ network: 'mainnet', seeds: [seed], fileServer }))),
    ).toBe('INVALID_INPUT');
    expect(codeOf(() => loadNetworkConfig(descriptor({ network: 'devnet', seeds: [], fileServer })))).toBe(
      'INVALID_INPUT',
    );
    expect(codeOf(() => loadNetworkConfig(descriptor({ network: 'devnet', seeds: seed, fileServer })))).toBe(
      'INVALID_INPUT',
    );
    expect(codeOf(() => loadNetworkConfig(descriptor({ network: 'devnet', seeds: [seed] })))).toBe(
      'INVALID_INPUT',
    );
  });
});
