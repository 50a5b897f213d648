import { getEventListeners } from 'node:events';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startDevnet, type Devnet } from '../../src/devnet/index.js';
import { SessionError, isSessionError } from '../../src/errors.js';
import { deriveIdentity } from '../../src/identity/keys.js';
import { loadNetworkConfig, type NetworkConfig } from '../../src/network/config.js';
import { MemoryCache, SessionNetwork, type NetworkOptions } from '../../src/network/session-network.js';
import { UndiciTransport, type Transport } from '../../src/network/transport.js';
import { retrieveBatch, retrieveMessages, storeMessage, type AccountSigner } from '../../src/rpc/storage.js';

/**
 * The client's reactions to a misbehaving network, each against the local network's faithful
 * faults (errata E10–E14): every test here fails when its reaction is taken out.
 */
let dn: Devnet;
let config: NetworkConfig;
let skew = 0;
const transports: UndiciTransport[] = [];

beforeAll(async () => {
  const dir = mkdtempSync(join(tmpdir(), 'net-react-'));
  // The real relay timeout (30 s): the client must not wait for it.
  // The real relay timeout (30 s); swarm peers get 2.5 s instead of 5 s so that the dead-member
  // tests leave headroom on a loaded machine (test/e2e/bounded-send uses the real 5 s).
  dn = await startDevnet({
    dir,
    nodes: 9,
    swarmSize: 3,
    rateLimit: false,
    peerTimeoutMs: 2_500,
    clock: () => Date.now() + skew,
  });
  config = loadNetworkConfig(join(dir, 'devnet.json'));
});
afterAll(async () => {
  await Promise.all(transports.map((t) => t.close()));
  await dn?.stop();
});

function client(o: Partial<NetworkOptions> = {}): SessionNetwork {
  const transport = new UndiciTransport();
  transports.push(transport);
  return new SessionNetwork({
    config,
    transport,
    cache: new MemoryCache(),
    ...(process.env.NET_LOG
      ? { logger: (l: string) => console.error(`${Math.round(performance.now())} ${l}`) }
      : {}),
    ...o,
  });
}

async function signer(): Promise<AccountSigner> {
  const id = await deriveIdentity(crypto.getRandomValues(new Uint8Array(32)));
  return { accountId: id.accountId, ed25519Pk: id.ed25519Pk, ed25519Sk: id.ed25519Sk };
}

/**
 * An account whose swarm holds none of `nodes` (else the first that avoids `fallback`): a request
 * never goes over a path through its own destination, and a hung node that is also a swarm
 * member is struck as the destination, which is not what a test of a hung path hop looks at.
 */
async function signerOutside(
  net: SessionNetwork,
  nodes: readonly string[],
  fallback: readonly string[] = nodes,
): Promise<AccountSigner> {
  const outside = (m: AccountSigner, avoid: readonly string[]) =>
    !net.swarmOf(m.accountId).some((n) => avoid.includes(n.ed25519));
  let me = await signer();
  for (let i = 0; i < 200 && !outside(me, nodes); i++) me = await signer();
  for (let i = 0; i < 100 && !outside(me, fallback); i++) me = await signer();
  return me;
}

const indexOf = (ed: string) => dn.descriptor.nodes.findIndex((n) => n.pubkey_ed25519 === ed);
const data = (s: string) => new TextEncoder().encode(s);
const undo: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  skew = 0;
  while (undo.length) await undo.pop()!();
});

describe('client reactions on the devnet', () => {
  it('a dead swarm member: the store still succeeds well within 20 s and no guard is evicted', async () => {
    const me = await signer();
    const net = client();
    await net.bootstrap();
    const members = net.swarmOf(me.accountId);
    const dead = indexOf(members[0]!.ed25519);
    await dn.stopNode(dead);
    undo.push(() => dn.startNode(dead));
    const guards = net.currentPaths().map((p) => p[0]);
    for (let i = 0; i < 3; i++) {
      const t0 = performance.now();
      const r = await storeMessage(net, {
        to: me.accountId,
        namespace: 0,
        data: data(`dead ${i}`),
        ttl: 60_000,
      });
      expect(performance.now() - t0).toBeLessThan(20_000);
      expect(r.confirmations).toBeGreaterThanOrEqual(1);
    }
    expect(net.poolInfo().size).toBeGreaterThanOrEqual(8);
    for (const g of guards) if (g !== members[0]!.ed25519) expect(net.isDropped(g!)).toBe(false);
  }, 90_000);

  it('a hung relay (real 504 only after 30 s): hedged onto the other path, done within 20 s, its guard kept', async () => {
    const me = await signer();
    const net = client();
    await net.bootstrap();
    const [p0] = net.currentPaths();
    const relay = indexOf(p0![1]!);
    dn.hangNode(relay, true);
    undo.push(() => dn.hangNode(relay, false));
    const t0 = performance.now();
    const r = await storeMessage(net, {
      to: me.accountId,
      namespace: 0,
      data: data('hung relay'),
      ttl: 60_000,
    });
    expect(performance.now() - t0).toBeLessThan(20_000);
    expect(r.confirmations).toBeGreaterThanOrEqual(1);
    expect(net.isDropped(p0![0]!)).toBe(false);
  }, 60_000);

  it('a hung relay that a hedge overtook is charged as a timeout of its path', async () => {
    const net = client();
    await net.bootstrap();
    const [p0] = net.currentPaths();
    // an account whose swarm the hung node is not in (2 of 3 swarms): only the path through it is
    // slow, so no attempt ever runs into its own timeout (the hedge wins after 3 s). Better, none
    // of the path's nodes: a store to a member on p0 could never take p0.
    const me = await signerOutside(net, p0!, [p0![1]!]);
    const relay = indexOf(p0![1]!);
    dn.hangNode(relay, true);
    undo.push(() => dn.hangNode(relay, false));
    // (at 3 strikes the path is replaced, which ends its count)
    const strikes = () =>
      net.currentPaths().some((p) => p.join() === p0!.join()) ? net.pathStrikesOf(p0!) : 3;
    // Paths are picked at random: send until one went the hung relay's way and a hedge won that
    // store. A store that took the whole attempt time (8 s) timed out on its own, which strikes
    // the path anyway: only a strike within a shorter store is the hedge's doing.
    let overtaken = false;
    for (let i = 0; i < 30 && !overtaken; i++) {
      const before = strikes();
      const t0 = performance.now();
      await storeMessage(net, { to: me.accountId, namespace: 0, data: data(`overtaken ${i}`), ttl: 60_000 });
      overtaken = strikes() > before && performance.now() - t0 < 7_000;
      expect(net.isDropped(p0![0]!)).toBe(false);
    }
    // so the next requests rank it below the other path (fewest strikes first: test/network/policy)
    expect(overtaken).toBe(true);
  }, 150_000);

  it('a hung guard (TLS never completes) is the guard’s fault: its path abandoned, the other path used', async () => {
    const inner = new UndiciTransport();
    transports.push(inner);
    const asked: string[] = [];
    const transport: Transport = {
      request: (target, body, opts) => (asked.push(target.url), inner.request(target, body, opts)),
    };
    const net = new SessionNetwork({ config, transport, cache: new MemoryCache() });
    await net.bootstrap();
    await inner.close(); // no kept-alive connection: the next one needs a handshake
    asked.length = 0;
    const [p0] = net.currentPaths();
    // not the hung guard's swarm: there it would also be a destination, struck as that (once
    // seen in CI: the guard struck after two stores that never went its way)
    const me = await signerOutside(net, p0!, [p0![0]!]);
    const g = dn.descriptor.nodes[indexOf(p0![0]!)]!;
    dn.hangNode(indexOf(p0![0]!), true);
    undo.push(() => dn.hangNode(indexOf(p0![0]!), false));
    const guardUrl = `https://${g.ip}:${g.port_https}/onion_req/v2`;
    // paths are picked at random, and one that touches the chosen member is not used: send until
    // one went the hung guard's way (each other send takes milliseconds)
    for (let i = 0; i < 30 && !asked.includes(guardUrl); i++) {
      const t0 = performance.now();
      await storeMessage(net, { to: me.accountId, namespace: 0, data: data(`hung guard ${i}`), ttl: 60_000 });
      expect(performance.now() - t0).toBeLessThan(20_000);
    }
    expect(asked).toContain(guardUrl);
    // the guard itself was blamed (a relay's fault would only have struck the path) and its
    // path abandoned at once
    expect(net.strikesOf(p0![0]!)).toBeGreaterThanOrEqual(1);
    expect(net.currentPaths().map((p) => p[0])).not.toContain(p0![0]!);
  }, 120_000);

  it('retrieve follows 421 after a member moved to another swarm (errata E14); every receive works', async () => {
    const me = await signer();
    const net = client();
    await net.bootstrap();
    const stored = await storeMessage(net, {
      to: me.accountId,
      namespace: 0,
      data: data('before the move'),
      ttl: 600_000,
    });
    const members = net.swarmOf(me.accountId);
    const moved = indexOf(members[0]!.ed25519);
    const other = dn.descriptor.nodes.find(
      (n) => n.swarm_id !== dn.descriptor.nodes[moved]!.swarm_id,
    )!.swarm_id;
    const home = dn.descriptor.nodes[moved]!.swarm_id;
    await dn.moveNode(moved, other);
    undo.push(() => dn.moveNode(moved, home));
    // members are picked at random, so receive until the moved one was asked (at least 10
    // times; (2/3)^40 odds of never asking it), and every receive must work meanwhile
    const stillListed = () => net.swarmOf(me.accountId).some((n) => n.ed25519 === members[0]!.ed25519);
    for (let i = 0; i < 40 && (i < 10 || stillListed()); i++) {
      const r = await retrieveMessages(net, { signer: me, namespace: 0, lastHash: () => undefined });
      expect(r.messages.map((m) => m.hash)).toContain(stored.hash);
    }
    // the pool learnt the move: the moved node is no longer taken for this account's swarm
    expect(net.swarmOf(me.accountId).map((n) => n.ed25519)).not.toContain(members[0]!.ed25519);
  }, 90_000);

  it('a pool that lacks a whole swarm: the 421 brings its members in and the pool is refreshed next', async () => {
    const me = await signer();
    const full = client();
    await full.bootstrap();
    const swarmEds = new Set(full.swarmOf(me.accountId).map((n) => n.ed25519));
    // a cached pool fetched while that swarm was missing
    const cache = new MemoryCache();
    cache.set(`pool:${config.id}`, {
      nodes: (await full.bootstrap()).filter((n) => !swarmEds.has(n.ed25519)),
      fetchedAt: Date.now(),
      seedSize: 6,
    });
    const net = client({ cache });
    await net.bootstrap();
    expect(net.swarmOf(me.accountId).some((n) => swarmEds.has(n.ed25519))).toBe(false);
    const r = await storeMessage(net, {
      to: me.accountId,
      namespace: 0,
      data: data('missing swarm'),
      ttl: 60_000,
    });
    expect(r.confirmations).toBeGreaterThanOrEqual(1);
    expect(new Set(net.swarmOf(me.accountId).map((n) => n.ed25519))).toEqual(swarmEds);
    const refreshes = net.stats.poolRefreshes;
    await net.bootstrap();
    expect(net.stats.poolRefreshes).toBe(refreshes + 1);
  }, 60_000);

  it('a store whose replies are all lost fails with DELIVERY_UNKNOWN (exit 8); resending stores it once', async () => {
    const me = await signer();
    const inner = new UndiciTransport();
    transports.push(inner);
    let lose = false;
    const lossy: Transport = {
      request: async (target, body, opts) => {
        const res = await inner.request(target, body, opts);
        if (lose && target.url.endsWith('/onion_req/v2'))
          throw new SessionError('TIMEOUT', 'reply lost', {
            details: { stage: 'response', reason: 'timeout' },
          });
        return res;
      },
    };
    const net = new SessionNetwork({
      config,
      transport: lossy,
      budgets: { store: { totalMs: 6_000, maxAttempts: 3 } },
    });
    await net.bootstrap();
    lose = true;
    const msg = data('lost replies');
    const e = await storeMessage(net, { to: me.accountId, namespace: 0, data: msg, ttl: 60_000 }).catch(
      (x: unknown) => x,
    );
    expect(isSessionError(e, 'DELIVERY_UNKNOWN')).toBe(true);
    expect((e as SessionError).exitCode).toBe(8);
    lose = false;
    const again = await storeMessage(net, { to: me.accountId, namespace: 0, data: msg, ttl: 60_000 });
    const r = await retrieveMessages(net, { signer: me, namespace: 0, lastHash: () => undefined });
    expect(r.messages.filter((m) => m.hash === again.hash)).toHaveLength(1);
    expect(r.messages).toHaveLength(1);
  }, 60_000);

  it('a store refused before it can reach the swarm is not "delivery unknown"', async () => {
    const me = await signer();
    const refusing: Transport = {
      request: () =>
        Promise.reject(
          new SessionError('NETWORK_UNREACHABLE', 'refused', {
            details: { stage: 'connect', reason: 'refused' },
          }),
        ),
    };
    const net = client();
    await net.bootstrap();
    (net as unknown as { o: { transport: Transport } }).o.transport = refusing;
    const e = await storeMessage(net, { to: me.accountId, namespace: 0, data: data('x'), ttl: 60_000 }).catch(
      (x: unknown) => x,
    );
    expect(isSessionError(e)).toBe(true);
    expect((e as SessionError).code).not.toBe('DELIVERY_UNKNOWN');
  }, 60_000);

  it('406 from the whole network: one resync per chain, then the store succeeds', async () => {
    const me = await signer();
    const net = client();
    await net.bootstrap();
    skew = 5 * 60_000; // every node's clock moves 5 minutes ahead
    const before = net.stats.clockResyncs;
    // a signed store: its signature timestamp must be within ±60 s of the node's clock
    const r = await storeMessage(net, {
      to: me.accountId,
      namespace: 5,
      data: data('skewed'),
      ttl: 600_000,
      signer: me,
    });
    expect(r.confirmations).toBeGreaterThanOrEqual(1);
    expect(net.stats.clockResyncs).toBe(before + 1);
    expect(Math.abs(net.clockOffsetMs() - skew)).toBeLessThan(30_000);
  }, 60_000);

  it('406 inside a batch (each retrieve of a batched poll refused): resync, then the poll succeeds', async () => {
    const me = await signer();
    const net = client();
    await net.bootstrap();
    const stored = await storeMessage(net, {
      to: me.accountId,
      namespace: 0,
      data: data('batched'),
      ttl: 600_000,
    });
    skew = -2 * 3600_000; // the network's clock is 2 h behind ours: the batch is 200, its parts 406
    const before = net.stats.clockResyncs;
    const r = await retrieveBatch(net, {
      signer: me,
      namespaces: () => [0, 2],
      lastHash: () => undefined,
    });
    expect(r.results.get(0)?.messages.map((m) => m.hash)).toEqual([stored.hash]);
    expect(net.stats.clockResyncs).toBe(before + 1);
    expect(Math.abs(net.clockOffsetMs() - skew)).toBeLessThan(30_000);
  }, 60_000);

  it('406 that a resync cannot fix: CLOCK_SKEW after exactly one resync, no loop', async () => {
    const me = await signer();
    const net = client();
    await net.bootstrap();
    for (const m of net.swarmOf(me.accountId)) dn.skewClock(indexOf(m.ed25519), 10 * 60_000);
    undo.push(() => net.swarmOf(me.accountId).forEach((m) => dn.skewClock(indexOf(m.ed25519), 0)));
    const before = net.stats.clockResyncs;
    const e = await storeMessage(net, {
      to: me.accountId,
      namespace: 5,
      data: data('x'),
      ttl: 600_000,
      signer: me,
    }).catch((x: unknown) => x);
    // The resync asks 3 random nodes: usually most are unskewed and the retry is refused again
    // (CLOCK_SKEW); when 2 of them are skewed members the retry succeeds. Either way: one resync.
    expect(net.stats.clockResyncs).toBe(before + 1);
    if (e instanceof Error) expect(isSessionError(e, 'CLOCK_SKEW')).toBe(true);
  }, 60_000);

  it('a member answering 503 not ready is struck and another member stores', async () => {
    const me = await signer();
    const net = client();
    await net.bootstrap();
    const members = net.swarmOf(me.accountId);
    for (const m of members.slice(0, 2)) dn.notReady(indexOf(m.ed25519), true);
    undo.push(() => members.forEach((m) => dn.notReady(indexOf(m.ed25519), false)));
    for (let i = 0; i < 3; i++) {
      const r = await storeMessage(net, {
        to: me.accountId,
        namespace: 0,
        data: data(`nr ${i}`),
        ttl: 60_000,
      });
      expect(r.confirmations).toBeGreaterThanOrEqual(1);
    }
  }, 60_000);

  it('a relay that does not know a node (502 Next node not found: X): X is dropped from the pool and paths', async () => {
    const net = client();
    await net.bootstrap();
    const [p0] = net.currentPaths();
    const gone = indexOf(p0![2]!);
    await dn.deregisterNode(gone, true);
    undo.push(() => dn.deregisterNode(gone, false));
    const dest = (await net.bootstrap()).find((n) => !p0!.includes(n.ed25519))!;
    // until the request goes through p0 the node is not named; a few requests suffice
    for (let i = 0; i < 8 && !net.isDropped(p0![2]!); i++) await net.rpcToNode(dest, 'info', {});
    expect(net.isDropped(p0![2]!)).toBe(true);
    expect(net.currentPaths().flat()).not.toContain(p0![2]!);
  }, 60_000);

  it('a pool older than 2 h is refreshed while the process runs', async () => {
    let shift = 0;
    const net = client({ clock: () => Date.now() + shift });
    const me = await signer();
    await net.bootstrap();
    const before = net.stats.poolRefreshes;
    shift = 2 * 3600_000 + 60_000;
    skew = shift; // the network's time moved with us
    await storeMessage(net, { to: me.accountId, namespace: 0, data: data('later'), ttl: 60_000 });
    expect(net.stats.poolRefreshes).toBe(before + 1);
  }, 60_000);

  it('one long-lived signal: no abort listener is left behind per request', async () => {
    const net = client();
    const ac = new AbortController();
    const pool = await net.bootstrap(ac.signal);
    for (let i = 0; i < 20; i++)
      await net.rpcToNode(pool[i % pool.length]!, 'info', {}, { signal: ac.signal });
    expect(getEventListeners(ac.signal, 'abort').length).toBe(0);
  }, 60_000);
});
