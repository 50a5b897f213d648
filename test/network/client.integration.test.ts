import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDevnet, type Devnet } from '../../src/devnet/index.js';
import { isSessionError } from '../../src/errors.js';
import { loadNetworkConfig } from '../../src/network/config.js';
import { MemoryCache, SessionNetwork } from '../../src/network/session-network.js';
import { UndiciTransport, type Transport } from '../../src/network/transport.js';

/** The client network stack against a real local network: pinning, pool refresh, 421, retries. */
let dn: Devnet;
let descriptor: string;

function counting(inner: Transport) {
  const urls: string[] = [];
  const t: Transport = {
    request: (target, body, opts) => {
      urls.push(target.url);
      return inner.request(target, body, opts);
    },
  };
  return { t, urls };
}

beforeAll(async () => {
  const dir = mkdtempSync(join(tmpdir(), 'net-int-'));
  dn = await startDevnet({ dir, nodes: 9, swarmSize: 3, rateLimit: false });
  descriptor = join(dir, 'devnet.json');
});
afterAll(async () => dn?.stop());

describe('network client on a devnet', () => {
  it('bootstraps from the pinned seed; a wrong pin is refused (NETWORK_UNREACHABLE)', async () => {
    const config = loadNetworkConfig(descriptor);
    const transport = new UndiciTransport();
    try {
      const net = new SessionNetwork({ config, transport });
      expect((await net.bootstrap()).length).toBe(9);
      const bad = {
        ...config,
        seeds: config.seeds.map((s) => ({ ...s, tls: { ...s.tls, fingerprint256: '00:11' } })),
      };
      await expect(new SessionNetwork({ config: bad, transport }).bootstrap()).rejects.toSatisfy((e) =>
        isSessionError(e, 'NETWORK_UNREACHABLE'),
      );
    } finally {
      await transport.close();
    }
  });

  it('refreshes an old pool from 3 nodes that agree (§2.4) instead of asking the seed', async () => {
    const config = loadNetworkConfig(descriptor);
    const inner = new UndiciTransport();
    const cache = new MemoryCache();
    try {
      await new SessionNetwork({ config, transport: inner, cache }).bootstrap();
      const saved = cache.get(`pool:${config.id}`) as { fetchedAt: number };
      saved.fetchedAt -= 3 * 3600 * 1000; // older than 2 h
      const { t, urls } = counting(inner);
      const net = new SessionNetwork({ config, transport: t, cache });
      expect((await net.bootstrap()).length).toBe(9);
      expect(net.stats.poolRefreshes).toBe(1);
      expect(urls.some((u) => u.includes('/json_rpc'))).toBe(false);
    } finally {
      await inner.close();
    }
  });

  it('follows a 421 to the right swarm', async () => {
    const config = loadNetworkConfig(descriptor);
    const transport = new UndiciTransport();
    try {
      const net = new SessionNetwork({ config, transport });
      await net.bootstrap();
      const account = '05' + '3c'.repeat(32);
      const right = net.swarmOf(account).map((n) => n.ed25519);
      const pool = await net.bootstrap();
      const wrong = pool.filter((n) => !right.includes(n.ed25519));
      net.swarmOf = () => wrong; // a stale swarm cache
      const r = await net.rpcToSwarm(account, 'store', {
        pubkey: account,
        timestamp: net.now(),
        ttl: 60_000,
        data: 'aGk=',
        namespace: 0,
      });
      expect(r.status).toBe(200);
      expect(right).toContain(r.node.ed25519);
    } finally {
      await transport.close();
    }
  });

  it('an unreachable guard is dropped and the request retried on another path', async () => {
    const config = loadNetworkConfig(descriptor);
    const transport = new UndiciTransport();
    try {
      const net = new SessionNetwork({ config, transport });
      await net.bootstrap();
      await net.rpcToNode((await net.bootstrap())[0]!, 'info', {});
      const guard = net.currentPaths()[0]![0]!;
      const k = dn.descriptor.nodes.findIndex((n) => n.pubkey_ed25519 === guard);
      await dn.stopNode(k);
      try {
        const dest = (await net.bootstrap()).find((n) => n.ed25519 !== guard)!;
        for (let i = 0; i < 4; i++) expect((await net.rpcToNode(dest, 'info', {})).status).toBe(200);
        expect(net.currentPaths().flat()).not.toContain(guard);
      } finally {
        await dn.startNode(k);
      }
    } finally {
      await transport.close();
    }
  });
});
