import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDevnet, type Devnet } from '../../src/devnet/index.js';
import { isSessionError } from '../../src/errors.js';
import { loadNetworkConfig } from '../../src/network/config.js';
import { MemoryCache, SessionNetwork } from '../../src/network/session-network.js';
import { UndiciTransport, type Transport } from '../../src/network/transport.js';
import { batch, retrieveMessages, storeMessage } from '../../src/rpc/storage.js';
import { SessionError } from '../../src/errors.js';
import { deriveIdentity } from '../../src/identity/keys.js';

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
        // a destination outside the dead guard's path, so that path stays usable for it
        const deadPath = net.currentPaths()[0]!;
        const dest = (await net.bootstrap()).find((n) => !deadPath.includes(n.ed25519))!;
        // paths are picked at random: ask until one request went the dead guard's way
        for (let i = 0; i < 12 && net.currentPaths().flat().includes(guard); i++)
          expect((await net.rpcToNode(dest, 'info', {})).status).toBe(200);
        expect(net.currentPaths().flat()).not.toContain(guard);
      } finally {
        await dn.startNode(k);
      }
    } finally {
      await transport.close();
    }
  });

  it('batch: sub-requests in order, refused sub-requests keep their own code', async () => {
    const config = loadNetworkConfig(descriptor);
    const transport = new UndiciTransport();
    try {
      const net = new SessionNetwork({ config, transport });
      const node = (await net.bootstrap())[0]!;
      const results = await batch(net, node, [
        { method: 'info', params: {} },
        { method: 'retrieve', params: { pubkey: '05' + '12'.repeat(32) } },
      ]);
      expect(results.map((r) => r.code)).toEqual([200, 401]);
      await expect(batch(net, node, [])).rejects.toSatisfy((e) => isSessionError(e, 'INVALID_INPUT'));
    } finally {
      await transport.close();
    }
  });

  it('a store whose reply is lost is retried with the same bytes: one message, one hash', async () => {
    const config = loadNetworkConfig(descriptor);
    const inner = new UndiciTransport();
    let drop = 0;
    const lossy: Transport = {
      request: async (target, body, opts) => {
        const res = await inner.request(target, body, opts);
        if (drop > 0 && target.url.endsWith('/onion_req/v2')) {
          drop--;
          throw new SessionError('NETWORK_UNREACHABLE', 'reply lost');
        }
        return res;
      },
    };
    try {
      const net = new SessionNetwork({ config, transport: lossy });
      await net.bootstrap();
      const me = await deriveIdentity(new Uint8Array(16).fill(9));
      drop = 1; // the store reaches the swarm, its reply does not reach us
      const stored = await storeMessage(net, {
        to: me.accountId,
        namespace: 0,
        data: new Uint8Array([1, 2, 3]),
        ttl: 60_000,
      });
      const signer = { accountId: me.accountId, ed25519Pk: me.ed25519Pk, ed25519Sk: me.ed25519Sk };
      const got = await retrieveMessages(net, { signer, namespace: 0, lastHash: () => undefined });
      expect(got.messages.map((m) => m.hash)).toEqual([stored.hash]);
    } finally {
      await inner.close();
    }
  });

  it('a path that answers 504 is struck (replaced at 3 strikes); the request succeeds within the bound', async () => {
    const config = loadNetworkConfig(descriptor);
    const inner = new UndiciTransport();
    let failures = 0;
    const flaky: Transport = {
      request: async (target, body, opts) => {
        if (failures > 0 && target.url.endsWith('/onion_req/v2')) {
          failures--;
          return { status: 504, body: new TextEncoder().encode('Request time out') };
        }
        return inner.request(target, body, opts);
      },
    };
    try {
      const net = new SessionNetwork({ config, transport: flaky });
      const pool = await net.bootstrap();
      const rebuilds = net.stats.pathRebuilds;
      failures = 2;
      expect((await net.rpcToNode(pool[0]!, 'info', {})).status).toBe(200);
      failures = 10; // every attempt fails: a bounded number of tries, then PATH_FAILED (exit 3)
      await expect(net.rpcToNode(pool[0]!, 'info', {})).rejects.toSatisfy((e) =>
        isSessionError(e, 'PATH_FAILED'),
      );
      expect(failures).toBeGreaterThan(0);
      // 6 strikes in all: some path reached 3 and was rebuilt
      expect(net.stats.pathRebuilds).toBeGreaterThan(rebuilds);
    } finally {
      await inner.close();
    }
  });
});
