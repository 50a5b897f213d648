import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startDevnet, type Devnet } from '../../src/devnet/index.js';
import { deriveIdentity } from '../../src/identity/keys.js';
import { loadNetworkConfig, type NetworkConfig } from '../../src/network/config.js';
import {
  CLOCK_CACHE_MAX_AGE_MS,
  MemoryCache,
  SessionNetwork,
  type NetworkOptions,
} from '../../src/network/session-network.js';
import { UndiciTransport } from '../../src/network/transport.js';
import { storeMessage } from '../../src/rpc/storage.js';

/**
 * The network-clock offset is kept in the network cache, so a new process (a cold `message send`)
 * does not ask three nodes for the time first. It is trusted only while it is recent and the
 * local wall clock has kept pace with the monotonic one; a wrong offset is still repaired by the
 * 406 resync.
 */
let dn: Devnet;
let dir: string;
let config: NetworkConfig;
let skew = 0;
const transports: UndiciTransport[] = [];

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'clock-cache-'));
  dn = await startDevnet({ dir, nodes: 6, swarmSize: 3, rateLimit: false, clock: () => Date.now() + skew });
  config = loadNetworkConfig(join(dir, 'devnet.json'));
});
afterAll(async () => {
  await Promise.all(transports.map((t) => t.close()));
  await dn?.stop();
  rmSync(dir, { recursive: true, force: true });
});
afterEach(() => {
  skew = 0;
});

function client(cache: MemoryCache, o: Partial<NetworkOptions> = {}): SessionNetwork {
  const transport = new UndiciTransport();
  transports.push(transport);
  return new SessionNetwork({ config, transport, cache, ...o });
}

/** A cache whose clock entry a first network has learnt, with the devnet `aheadMs` in front. */
async function learnt(aheadMs: number): Promise<MemoryCache> {
  skew = aheadMs;
  const cache = new MemoryCache();
  const first = client(cache);
  await first.bootstrap();
  expect(first.stats.clockResyncs).toBe(1);
  expect(Math.abs(first.clockOffsetMs() - aheadMs)).toBeLessThan(30_000);
  return cache;
}

describe('network clock cache', () => {
  it('a second network with the same cache takes the offset without asking any node', async () => {
    const cache = await learnt(3 * 60_000);
    const lines: string[] = [];
    const second = client(cache, { logger: (l) => lines.push(l) });
    await second.bootstrap();
    expect(second.stats.clockResyncs).toBe(0);
    expect(Math.abs(second.clockOffsetMs() - 3 * 60_000)).toBeLessThan(30_000);
    expect(lines.some((l) => l.startsWith('network clock from cache'))).toBe(true);
  });

  it('an offset older than the limit is learnt again', async () => {
    const cache = await learnt(0);
    const later = CLOCK_CACHE_MAX_AGE_MS + 60_000;
    const second = client(cache, {
      clock: () => Date.now() + later,
      monotonic: () => Number(process.hrtime.bigint() / 1_000_000n) + later,
    });
    await second.bootstrap();
    expect(second.stats.clockResyncs).toBe(1);
  });

  it('a local clock that jumped since (wall moved, monotonic did not) is learnt again', async () => {
    const cache = await learnt(0);
    const second = client(cache, { clock: () => Date.now() + 5 * 60_000 });
    await second.bootstrap();
    expect(second.stats.clockResyncs).toBe(1);
    // the offset is the network's against the new local clock, not the cached one
    expect(Math.abs(second.clockOffsetMs() + 5 * 60_000)).toBeLessThan(30_000);
  });

  it(
    'a cached offset the network no longer agrees with: 406, one resync, the store succeeds',
    { timeout: 60_000 },
    async () => {
      const cache = await learnt(0);
      skew = 5 * 60_000; // every node's clock moves 5 minutes ahead after the offset was cached
      const second = client(cache);
      await second.bootstrap();
      expect(second.stats.clockResyncs).toBe(0);
      const id = await deriveIdentity(crypto.getRandomValues(new Uint8Array(32)));
      const me = { accountId: id.accountId, ed25519Pk: id.ed25519Pk, ed25519Sk: id.ed25519Sk };
      // a signed store: its signature timestamp must be within ±60 s of the node's clock
      const r = await storeMessage(second, {
        to: me.accountId,
        namespace: 5,
        data: new TextEncoder().encode('x'),
        ttl: 600_000,
        signer: me,
      });
      expect(r.confirmations).toBeGreaterThanOrEqual(1);
      expect(second.stats.clockResyncs).toBe(1);
      expect(Math.abs(second.clockOffsetMs() - skew)).toBeLessThan(30_000);
    },
  );

  it('a malformed cache entry is ignored (learnt again), never trusted', async () => {
    for (const bad of [
      { offsetMs: 'x', wallAt: 1, monoAt: 1 },
      { offsetMs: 5 },
      'junk',
      { offsetMs: Infinity, wallAt: 0, monoAt: 0 },
    ]) {
      const cache = new MemoryCache();
      cache.set(`clock:${config.id}`, bad);
      const net = client(cache);
      await net.bootstrap();
      expect(net.stats.clockResyncs).toBe(1);
    }
  });
});
