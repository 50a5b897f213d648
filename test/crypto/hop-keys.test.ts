import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HopKeyPool, type HopKeySource } from '../../src/crypto/hop-keys.js';
import {
  hopDecryptWithKey,
  hopEncrypt,
  hopServerKey,
  prepareHop,
  type PreparedHop,
} from '../../src/crypto/hop.js';
import { x25519KeyPair } from '../../src/crypto/keys.js';
import { startDevnet, type Devnet } from '../../src/devnet/index.js';
import { toHex } from '../../src/encoding/bytes.js';
import { deriveIdentity } from '../../src/identity/keys.js';
import { loadNetworkConfig } from '../../src/network/config.js';
import { MemoryCache, SessionNetwork } from '../../src/network/session-network.js';
import { UndiciTransport } from '../../src/network/transport.js';
import { storeMessage } from '../../src/rpc/storage.js';

/** Onion layer keys made ahead (crypto/hop-keys.ts): the daemon's, used once each. */
const text = new TextEncoder().encode('layer');

async function node(): Promise<{ pk: Uint8Array; sk: Uint8Array; hex: string }> {
  const kp = await x25519KeyPair();
  return { pk: kp.publicKey, sk: kp.secretKey, hex: toHex(kp.publicKey) };
}

describe('hopEncrypt with a prepared layer', () => {
  it('seals with the prepared key, which the node derives from the ephemeral key it is sent', async () => {
    const n = await node();
    const prepared = await prepareHop(n.pk);
    const l = await hopEncrypt('aes-gcm', text, n.pk, { prepared });
    expect(l.ephemeralPublic).toEqual(prepared.ephemeralPublic);
    const serverKey = await hopServerKey('aes-gcm', n.sk, n.pk, l.ephemeralPublic);
    expect(serverKey).toEqual(prepared.key);
    expect(await hopDecryptWithKey('aes-gcm', serverKey, l.ciphertext)).toEqual(text);
  });

  it('a layer prepared for another node is not used (its node could not open it)', async () => {
    const [a, b] = [await node(), await node()];
    const forB = await prepareHop(b.pk);
    const l = await hopEncrypt('aes-gcm', text, a.pk, { prepared: forB });
    expect(l.ephemeralPublic).not.toEqual(forB.ephemeralPublic);
    const key = await hopServerKey('aes-gcm', a.sk, a.pk, l.ephemeralPublic);
    expect(await hopDecryptWithKey('aes-gcm', key, l.ciphertext)).toEqual(text);
  });

  it('xchacha20 layers derive their key otherwise: a prepared aes-gcm layer is not used', async () => {
    const n = await node();
    const prepared = await prepareHop(n.pk);
    const l = await hopEncrypt('xchacha20', text, n.pk, { prepared });
    expect(l.ephemeralPublic).not.toEqual(prepared.ephemeralPublic);
    const key = await hopServerKey('xchacha20', n.sk, n.pk, l.ephemeralPublic);
    expect(await hopDecryptWithKey('xchacha20', key, l.ciphertext)).toEqual(text);
  });
});

describe('HopKeyPool', () => {
  it('a first ask misses and makes layers for next time; each layer is handed out once', async () => {
    const n = await node();
    const pool = new HopKeyPool({ perKey: 2 });
    expect(pool.take(n.hex)).toBeUndefined();
    await pool.settled();
    expect(pool.held(n.hex)).toBe(2);
    const a = pool.take(n.hex)!;
    const b = pool.take(n.hex)!;
    expect(a.recipientHex).toBe(n.hex);
    expect(toHex(a.ephemeralPublic)).not.toBe(toHex(b.ephemeralPublic));
    expect(await hopServerKey('aes-gcm', n.sk, n.pk, a.ephemeralPublic)).toEqual(a.key);
    // both taken: the next ask misses (until the refill they triggered is done)
    expect(pool.take(n.hex)).toBeUndefined();
    expect(pool.stats).toMatchObject({ hits: 2, misses: 2 });
    await pool.settled();
    expect(pool.held(n.hex)).toBe(2);
    expect(pool.stats.prepared).toBe(4);
    pool.close();
  });

  it('keeps layers for the most recently asked keys only', async () => {
    const [a, b, c] = [await node(), await node(), await node()];
    const pool = new HopKeyPool({ perKey: 1, maxKeys: 2 });
    // a asked again after b: b is the least recently asked when c comes
    for (const n of [a, b, a, c]) pool.take(n.hex);
    await pool.settled();
    expect([pool.held(a.hex), pool.held(b.hex), pool.held(c.hex)]).toEqual([1, 0, 1]);
    pool.close();
  });

  it('nothing is made while nothing is asked for, and work is deferred, not done in take()', async () => {
    const n = await node();
    const deferred: (() => void)[] = [];
    const pool = new HopKeyPool({ perKey: 1, defer: (fn) => (deferred.push(fn), () => undefined) });
    expect(deferred).toHaveLength(0);
    pool.take(n.hex);
    expect(deferred).toHaveLength(1);
    expect(pool.held(n.hex)).toBe(0);
    deferred.shift()!();
    // (the layer is made in promise jobs that are all done by the next turn of the event loop)
    await new Promise((r) => setTimeout(r, 0));
    expect(pool.held(n.hex)).toBe(1);
    // stocked: the next round finds nothing to make and stops
    expect(deferred).toHaveLength(1);
    deferred.shift()!();
    await new Promise((r) => setTimeout(r, 0));
    expect(deferred).toHaveLength(0);
    pool.close();
  });

  it('a key no layer can be made for is forgotten, not retried forever', async () => {
    const pool = new HopKeyPool();
    const bad = '00'.repeat(32); // X25519 with the zero point has no shared secret
    expect(pool.take(bad)).toBeUndefined();
    await pool.settled();
    expect(pool.held(bad)).toBe(0);
    expect(pool.stats.prepared).toBe(0);
    pool.close();
  });

  it('close() drops every prepared layer and hands out none', async () => {
    const n = await node();
    const pool = new HopKeyPool();
    pool.take(n.hex);
    await pool.settled();
    expect(pool.held(n.hex)).toBeGreaterThan(0);
    pool.close();
    expect(pool.held(n.hex)).toBe(0);
    expect(pool.take(n.hex)).toBeUndefined();
    await pool.settled();
    expect(pool.held(n.hex)).toBe(0);
  });
});

describe('SessionNetwork with hopKeys, on the devnet', () => {
  let dn: Devnet;
  let dir: string;
  const transport = new UndiciTransport();

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'hop-keys-'));
    dn = await startDevnet({ dir, nodes: 6, swarmSize: 3, rateLimit: false });
  });
  afterAll(async () => {
    await transport.close();
    await dn?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('asks for the destination and every relay, and the nodes open the layers it made', async () => {
    const pool = new HopKeyPool();
    const asked: string[] = [];
    const used: PreparedHop[] = [];
    const source: HopKeySource = {
      take(hex) {
        asked.push(hex);
        const got = pool.take(hex);
        if (got) used.push(got);
        return got;
      },
    };
    const net = new SessionNetwork({
      config: loadNetworkConfig(join(dir, 'devnet.json')),
      transport,
      cache: new MemoryCache(),
      hopKeys: source,
    });
    const id = await deriveIdentity(crypto.getRandomValues(new Uint8Array(32)));
    const store = (i: number) =>
      storeMessage(net, {
        to: id.accountId,
        namespace: 0,
        data: new TextEncoder().encode(`m${i}`),
        ttl: 600_000,
      });
    expect((await store(0)).confirmations).toBeGreaterThanOrEqual(1);
    const firstAsked = asked.length;
    // a store: one onion of four layers (the node, then three relays) per swarm member tried
    expect(firstAsked).toBeGreaterThanOrEqual(4);
    await pool.settled();
    for (let i = 1; i <= 4; i++) {
      expect((await store(i)).confirmations).toBeGreaterThanOrEqual(1);
      await pool.settled();
    }
    // the later stores went over the same paths: their relays' layers were ready
    expect(used.length).toBeGreaterThanOrEqual(4);
    expect(pool.stats.hits).toBe(used.length);
    pool.close();
  });
});
