import { mkdtempSync, readFileSync } from 'node:fs';
import { createServer as createHttpServer, type Server } from 'node:http';
import { connect as netConnect, createServer as createNetServer, type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { connect as tlsConnect } from 'node:tls';
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDevnet, type Devnet } from '../../src/devnet/index.js';
import {
  buildServerOnion,
  buildSnodeOnion,
  open,
  post,
  rawNodes,
  type RawNode,
} from '../helpers/raw-onion.js';

/**
 * The local network fails the way real session-storage-server 2.8.0 nodes fail (errata E10–E14,
 * network.md §4.5, §4.8, §9). Raw requests only: onion layers from test/helpers/raw-onion.ts,
 * plain node:https / node:tls; never the client library.
 */
const RELAY_TIMEOUT = 3000;
const PEER_TIMEOUT = 1500;
const PROXY_TIMEOUT = 1000;
const SLOW = 40_000; // per-test budget on a loaded machine

type Node = RawNode;
let dn: Devnet;
let dir: string;
let nodes: Node[];

const json = (r: { body: Buffer }) => JSON.parse(r.body.toString('utf8'));
const text = (r: { body: Buffer }) => r.body.toString('utf8');
const rpc = (n: { ip: string; port: number }, method: string, params: object) =>
  post(n.ip, n.port, '/storage_rpc/v1', JSON.stringify({ method, params }));
const members = (swarm: string) => nodes.filter((n) => n.swarm === swarm);
const idx = (n: Node) => nodes.indexOf(n);
const eds = (snodes: { pubkey_ed25519: string }[]) => snodes.map((s) => s.pubkey_ed25519).sort();

/** A fresh account id whose swarm is `swarm` (asked with get_swarm, not computed here). */
async function accountIn(swarm: string): Promise<string> {
  for (let i = 0; i < 200; i++) {
    const pubkey = `05${randomBytes(32).toString('hex')}`;
    if (json(await rpc(nodes[0]!, 'get_swarm', { pubkey })).swarm === swarm) return pubkey;
  }
  throw new Error(`no account found for swarm ${swarm}`);
}

/** An unsigned store to the public namespace -10 (no auth needed). */
const store = (n: Node, pubkey: string, data = randomBytes(24).toString('base64')) =>
  rpc(n, 'store', { pubkey, timestamp: Date.now(), ttl: 600_000, data, namespace: -10 });
const retrieve = (n: Node, pubkey: string) => rpc(n, 'retrieve', { pubkey, namespace: -10 });

async function timed<T>(f: () => Promise<T>): Promise<{ value: T; ms: number }> {
  const t0 = performance.now();
  const value = await f();
  return { value, ms: performance.now() - t0 };
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'devnet-faults-'));
  dn = await startDevnet({
    dir,
    nodes: 9,
    swarmSize: 3,
    relayTimeoutMs: RELAY_TIMEOUT,
    peerTimeoutMs: PEER_TIMEOUT,
    proxyTimeoutMs: PROXY_TIMEOUT,
  });
  nodes = rawNodes(dn.descriptor);
});
afterAll(async () => dn?.stop());

describe('dead and hung hosts', () => {
  it('a stopped node refuses the connection (ECONNREFUSED), and answers again once started', async () => {
    const n = nodes[4]!;
    await dn.stopNode(4);
    try {
      await expect(rpc(n, 'info', {})).rejects.toMatchObject({ code: 'ECONNREFUSED' });
    } finally {
      await dn.startNode(4);
    }
    expect((await rpc(n, 'info', {})).status).toBe(200);
  });

  it('a hung node (SIGSTOP) accepts TCP but completes no TLS handshake until it resumes', async () => {
    const n = nodes[5]!;
    dn.hangNode(5, true);
    let socket: ReturnType<typeof tlsConnect> | undefined;
    try {
      // The kernel still accepts the TCP connection...
      await new Promise<void>((resolve, reject) => {
        const tcp = netConnect({ host: n.ip, port: n.port }, () => {
          tcp.destroy();
          resolve();
        });
        tcp.on('error', reject);
      });
      // ...but the TLS handshake stalls: a client sees a connect timeout, as with a real hung guard.
      let secure = false;
      let bytes = 0;
      socket = tlsConnect({ host: n.ip, port: n.port, rejectUnauthorized: false }, () => (secure = true));
      socket.on('data', (d: Buffer) => (bytes += d.length));
      socket.on('error', () => undefined);
      await new Promise((r) => setTimeout(r, 1500));
      expect({ secure, bytes }).toEqual({ secure: false, bytes: 0 });
      // The onion endpoint is just as silent.
      const o = await buildSnodeOnion([], n, { method: 'info', params: {} });
      const outcome = await Promise.race([
        post(n.ip, n.port, '/onion_req/v2', o.body).then(() => 'answered'),
        new Promise((r) => setTimeout(() => r('timeout'), 1500)),
      ]);
      expect(outcome).toBe('timeout');
      // SIGCONT: the waiting handshake completes.
      dn.hangNode(5, false);
      await new Promise((r) => setTimeout(r, 500));
      expect(secure).toBe(true);
    } finally {
      dn.hangNode(5, false);
      socket?.destroy();
    }
    expect((await rpc(n, 'info', {})).status).toBe(200);
  });
});

describe('relays (errata E10, §4.5)', () => {
  // Path g -> m -> l -> destination d, four different nodes.
  const path = () => [nodes[0]!, nodes[1]!, nodes[2]!];
  const dest = () => nodes[3]!;

  for (const [what, k, fault] of [
    ['middle hop is dead', 1, 'stop'],
    ['middle hop is hung', 1, 'hang'],
    ['last hop is dead', 2, 'stop'],
    ['last hop is hung', 2, 'hang'],
  ] as const) {
    it(
      `${what}: 504 Request time out after the relay timeout`,
      async () => {
        const o = await buildSnodeOnion(path(), dest(), { method: 'info', params: {} });
        if (fault === 'stop') await dn.stopNode(k);
        else dn.hangNode(k, true);
        try {
          const g = path()[0]!;
          const { value: r, ms } = await timed(() => post(g.ip, g.port, '/onion_req/v2', o.body));
          expect([r.status, text(r)]).toEqual([504, 'Request time out']);
          expect(ms).toBeGreaterThanOrEqual(RELAY_TIMEOUT * 0.9);
          expect(ms).toBeLessThan(RELAY_TIMEOUT + 10_000);
        } finally {
          if (fault === 'stop') await dn.startNode(k);
          else dn.hangNode(k, false);
        }
        // Reversible: the same kind of request goes through afterwards.
        const again = await buildSnodeOnion(path(), dest(), { method: 'info', params: {} });
        const g = path()[0]!;
        expect((await post(g.ip, g.port, '/onion_req/v2', again.body)).status).toBe(200);
      },
      SLOW,
    );
  }

  it('502 Next node not found only for a key the relay does not know, at once', async () => {
    const ghost = { ed: 'ab'.repeat(32), x: nodes[5]!.x };
    const o = await buildSnodeOnion([nodes[0]!, nodes[1]!], ghost, { method: 'info', params: {} });
    const { value: r, ms } = await timed(() => post(nodes[0]!.ip, nodes[0]!.port, '/onion_req/v2', o.body));
    expect([r.status, text(r)]).toEqual([502, `Next node not found: ${ghost.ed}`]);
    expect(ms).toBeLessThan(RELAY_TIMEOUT * 0.9);
  });

  it('a deregistered node is unknown: 502 Next node not found, and the seed no longer lists it', async () => {
    const gone = nodes[6]!;
    await dn.deregisterNode(6);
    try {
      const o = await buildSnodeOnion([nodes[0]!], gone, { method: 'info', params: {} });
      const r = await post(nodes[0]!.ip, nodes[0]!.port, '/onion_req/v2', o.body);
      expect([r.status, text(r)]).toEqual([502, `Next node not found: ${gone.ed}`]);
      const seed = new URL(dn.descriptor.seeds[0]!.url);
      const s = json(
        await post(
          seed.hostname,
          Number(seed.port),
          '/json_rpc',
          JSON.stringify({
            jsonrpc: '2.0',
            method: 'get_n_service_nodes',
            params: { fields: ['pubkey_ed25519'] },
          }),
        ),
      );
      const listed = s.result.service_node_states.map((x: { pubkey_ed25519: string }) => x.pubkey_ed25519);
      expect(listed).toHaveLength(8);
      expect(listed).not.toContain(gone.ed);
    } finally {
      await dn.deregisterNode(6, false);
    }
    const o = await buildSnodeOnion([nodes[0]!], gone, { method: 'info', params: {} });
    expect((await post(nodes[0]!.ip, nodes[0]!.port, '/onion_req/v2', o.body)).status).toBe(200);
  });

  it(
    'last hop to an unreachable HTTP server: 502 with the transport error; to a silent one: 504 after the proxy timeout',
    async () => {
      const fs = dn.descriptor.fileServer;
      const closedPort = await new Promise<number>((resolve) => {
        const s = createNetServer().listen(0, '127.0.0.1', () => {
          const p = (s.address() as AddressInfo).port;
          s.close(() => resolve(p));
        });
      });
      const silent: Server = createHttpServer(() => undefined);
      await new Promise<void>((r) => silent.listen(0, '127.0.0.1', r));
      const silentPort = (silent.address() as AddressInfo).port;
      const v4 = Buffer.from('l45:{"endpoint":"/file/1","method":"GET","headers":{}}e');
      const g = nodes[0]!;
      try {
        const dead = await buildServerOnion(
          [g, nodes[4]!, nodes[8]!],
          { x: fs.pubkey_x25519, host: '127.0.0.1', port: closedPort },
          v4,
        );
        const { value: r1, ms: ms1 } = await timed(() => post(g.ip, g.port, '/onion_req/v2', dead.body));
        expect(r1.status).toBe(502);
        expect(text(r1)).not.toBe('');
        expect(text(r1)).not.toBe('Request time out');
        expect(ms1).toBeLessThan(PROXY_TIMEOUT * 0.9 + 5_000);

        const hung = await buildServerOnion(
          [g, nodes[4]!, nodes[8]!],
          { x: fs.pubkey_x25519, host: '127.0.0.1', port: silentPort },
          v4,
        );
        const { value: r2, ms: ms2 } = await timed(() => post(g.ip, g.port, '/onion_req/v2', hung.body));
        expect([r2.status, text(r2)]).toEqual([504, 'Request time out']);
        expect(ms2).toBeGreaterThanOrEqual(PROXY_TIMEOUT * 0.9);
        // The last hop's own proxy timeout answered, not a relay's (which is longer).
        expect(ms2).toBeLessThan(RELAY_TIMEOUT * 0.9);
      } finally {
        silent.closeAllConnections();
        await new Promise<void>((r) => silent.close(() => r()));
      }
    },
    SLOW,
  );
});

describe('swarm fan-out (errata E11)', () => {
  for (const fault of ['stopped', 'hung'] as const) {
    it(
      `store to a swarm with a ${fault} member: 200 after the peer timeout, that member absent`,
      async () => {
        const swarm = nodes[0]!.swarm;
        const pubkey = await accountIn(swarm);
        const [entry, okPeer, bad] = members(swarm);
        if (fault === 'stopped') await dn.stopNode(idx(bad!));
        else dn.hangNode(idx(bad!), true);
        try {
          const { value: r, ms } = await timed(() => store(entry!, pubkey));
          expect(r.status).toBe(200);
          expect(Object.keys(json(r).swarm).sort()).toEqual([entry!.ed, okPeer!.ed].sort());
          expect(ms).toBeGreaterThanOrEqual(PEER_TIMEOUT * 0.9);
        } finally {
          if (fault === 'stopped') await dn.startNode(idx(bad!));
          else dn.hangNode(idx(bad!), false);
        }
      },
      SLOW,
    );
  }

  it('a slow member that answers within the peer timeout is counted', async () => {
    const swarm = nodes[1]!.swarm;
    const pubkey = await accountIn(swarm);
    const [entry, slow, other] = members(swarm);
    dn.delayNode(idx(slow!), 300);
    try {
      const r = await store(entry!, pubkey);
      expect(Object.keys(json(r).swarm).sort()).toEqual([entry!.ed, slow!.ed, other!.ed].sort());
    } finally {
      dn.delayNode(idx(slow!), 0);
    }
  });

  it('every replica stores the message byte-identical, with the client’s timestamp and expiry', async () => {
    const swarm = nodes[2]!.swarm;
    const pubkey = await accountIn(swarm);
    const [entry, p1, p2] = members(swarm);
    // A replica whose clock is off still stores the client's timestamp: SS stores the request's
    // `timestamp` (and the expiry made from it), which the forwarded request carries.
    dn.skewClock(idx(p1!), 4_000);
    try {
      const data = randomBytes(100).toString('base64');
      const timestamp = Date.now() - 1234;
      const r = await rpc(entry!, 'store', { pubkey, timestamp, ttl: 600_000, data, namespace: -10 });
      expect(Object.keys(json(r).swarm)).toHaveLength(3);
      const got = await Promise.all(
        [entry!, p1!, p2!].map(async (n) => json(await retrieve(n, pubkey)).messages),
      );
      expect(got[0]).toHaveLength(1);
      expect(got[0][0].data).toBe(data);
      expect(got[0][0].hash).toBe(json(r).hash);
      expect(got[0][0].timestamp).toBe(timestamp);
      expect(got[0][0].expiration).toBe(timestamp + 600_000);
      for (const m of got) expect(m).toEqual(got[0]);
    } finally {
      dn.skewClock(idx(p1!), 0);
    }
  });
});

describe('swarm membership (errata E14)', () => {
  it(
    'a stopped node is still listed by the seed, oxend_request, get_swarm and 421 bodies',
    async () => {
      const k = 5;
      const down = nodes[k]!;
      const pubkey = await accountIn(down.swarm);
      await dn.stopNode(k);
      try {
        const seed = new URL(dn.descriptor.seeds[0]!.url);
        const s = json(
          await post(
            seed.hostname,
            Number(seed.port),
            '/json_rpc',
            JSON.stringify({
              jsonrpc: '2.0',
              method: 'get_n_service_nodes',
              params: { fields: ['pubkey_ed25519'] },
            }),
          ),
        );
        expect(
          s.result.service_node_states.map((x: { pubkey_ed25519: string }) => x.pubkey_ed25519),
        ).toContain(down.ed);
        const ox = json(await rpc(nodes[0]!, 'oxend_request', { endpoint: 'get_service_nodes', params: {} }));
        expect(ox.result.service_node_states).toHaveLength(9);
        const other = nodes.find((n) => n.swarm !== down.swarm)!;
        const gs = json(await rpc(other, 'get_swarm', { pubkey }));
        expect(gs.swarm).toBe(down.swarm);
        expect(eds(gs.snodes)).toEqual(
          members(down.swarm)
            .map((n) => n.ed)
            .sort(),
        );
        const wrong = await retrieve(other, pubkey);
        expect(wrong.status).toBe(421);
        expect(eds(json(wrong).snodes)).toContain(down.ed);
        // The account still maps to the same swarm: its live members take the store.
        const live = members(down.swarm).find((n) => n !== down)!;
        expect((await store(live, pubkey)).status).toBe(200);
      } finally {
        await dn.startNode(k);
      }
    },
    SLOW,
  );

  it('moveNode: the moved node serves its new swarm’s earlier messages and answers 421 for its old accounts', async () => {
    const target = nodes[0]!.swarm;
    const m = nodes[1]!;
    const old = m.swarm;
    expect(old).not.toBe(target);
    const a = await accountIn(target);
    const b = await accountIn(old);
    const data = randomBytes(40).toString('base64');
    expect((await store(nodes[0]!, a, data)).status).toBe(200);
    const before = json(await retrieve(nodes[0]!, a)).messages;
    expect((await retrieve(m, a)).status).toBe(421);

    await dn.moveNode(1, target);
    try {
      // Served at once: the new swarm pushed its records.
      const served = await retrieve(m, a);
      expect(served.status).toBe(200);
      expect(json(served).messages).toEqual(before);
      // Its old account: 421 with that account's swarm, which no longer includes it.
      const r421 = await retrieve(m, b);
      expect(r421.status).toBe(421);
      expect(json(r421).swarm).toBe(old);
      expect(eds(json(r421).snodes)).toEqual(
        members(old)
          .filter((n) => n !== m)
          .map((n) => n.ed)
          .sort(),
      );
      // Everyone sees the new membership; the old swarm keeps its data.
      const gs = json(await rpc(nodes[2]!, 'get_swarm', { pubkey: a }));
      expect(eds(gs.snodes)).toEqual([...members(target).map((n) => n.ed), m.ed].sort());
      const state = JSON.parse(readFileSync(join(dir, 'state.json'), 'utf8'));
      expect(state.nodes[1].swarmId).toBe(target);
      expect(dn.descriptor.nodes[1]!.swarm_id).toBe(target);
    } finally {
      await dn.moveNode(1, old);
    }
    expect((await retrieve(m, b)).status).toBe(200);
  });
});

describe('not ready (§4.5 steps 1–2)', () => {
  it('503 Service node is not ready as guard and to direct requests; 503 Snode not ready as a later hop or destination', async () => {
    const k = 7;
    const n = nodes[k]!;
    dn.notReady(k, true);
    try {
      const direct = await rpc(n, 'info', {});
      expect([direct.status, text(direct)]).toEqual([503, 'Service node is not ready: not done syncing\n']);
      const asGuard = await buildSnodeOnion([n], nodes[0]!, { method: 'info', params: {} });
      const g = await post(n.ip, n.port, '/onion_req/v2', asGuard.body);
      expect([g.status, text(g)]).toEqual([503, 'Service node is not ready: not done syncing\n']);
      const asHop = await buildSnodeOnion([nodes[0]!, n], nodes[3]!, { method: 'info', params: {} });
      const h = await post(nodes[0]!.ip, nodes[0]!.port, '/onion_req/v2', asHop.body);
      expect([h.status, text(h)]).toEqual([503, `Snode not ready: ${n.ed}`]);
      const asDest = await buildSnodeOnion([nodes[0]!], n, { method: 'info', params: {} });
      const d = await post(nodes[0]!.ip, nodes[0]!.port, '/onion_req/v2', asDest.body);
      expect([d.status, text(d)]).toEqual([503, `Snode not ready: ${n.ed}`]);
    } finally {
      dn.notReady(k, false);
    }
    const ok = await buildSnodeOnion([nodes[0]!], n, { method: 'info', params: {} });
    const r = await post(nodes[0]!.ip, nodes[0]!.port, '/onion_req/v2', ok.body);
    expect(r.status).toBe(200);
    expect(
      JSON.parse((await open('aes-gcm', ok.key, Buffer.from(text(r), 'base64'))).toString()).status,
    ).toBe(200);
  });
});

describe('rate limit (errata E12)', () => {
  it('700 onion requests from one address never get 429 and use no direct-request tokens', async () => {
    // A frozen clock: no refill, so the direct bucket (600) is exact afterwards.
    const frozen = Date.now();
    const small = await startDevnet({
      dir: mkdtempSync(join(tmpdir(), 'devnet-e12-')),
      nodes: 2,
      swarmSize: 2,
      clock: () => frozen,
    });
    try {
      const [g, d] = rawNodes(small.descriptor);
      const statuses: number[] = [];
      for (let batch = 0; batch < 28; batch++) {
        const rs = await Promise.all(
          Array.from({ length: 25 }, async (_, i) => {
            // All to one destination (g), half of them relayed by d: 700 > the bucket's 600.
            const o =
              i % 2 === 0
                ? await buildSnodeOnion([d!], g!, { method: 'info', params: {} })
                : await buildSnodeOnion([], g!, { method: 'info', params: {} });
            const guard = i % 2 === 0 ? d! : g!;
            const r = await post(guard.ip, guard.port, '/onion_req/v2', o.body);
            if (r.status !== 200) return r.status;
            // A destination's refusal (a 429 too) travels inside the encrypted reply.
            const inner = JSON.parse(
              (await open('aes-gcm', o.key, Buffer.from(text(r), 'base64'))).toString(),
            );
            return inner.status as number;
          }),
        );
        statuses.push(...rs);
      }
      expect(statuses).toHaveLength(700);
      expect(statuses.filter((s) => s !== 200)).toEqual([]);
      // The direct bucket of both nodes is still full: 600 pass, the next one is limited.
      for (const n of [g!, d!]) {
        const body = JSON.stringify({ method: 'info', params: {} });
        const direct: number[] = [];
        for (let batch = 0; batch < 12; batch++) {
          const rs = await Promise.all(
            Array.from({ length: 50 }, () => post(n.ip, n.port, '/storage_rpc/v1', body)),
          );
          direct.push(...rs.map((r) => r.status));
        }
        expect(direct.filter((s) => s === 200)).toHaveLength(600);
        expect((await post(n.ip, n.port, '/storage_rpc/v1', body)).status).toBe(429);
      }
    } finally {
      await small.stop();
    }
  }, 120_000);
});

describe('CLI fault verbs (session devnet node …)', () => {
  it('hang/resume, delay, not-ready/ready, move, deregister/register on a detached devnet', async () => {
    const { runCli } = await import('../helpers/cli.js');
    const cdir = mkdtempSync(join(tmpdir(), 'devnet-cli-faults-'));
    const start = await runCli([
      'devnet',
      'start',
      '--dir',
      cdir,
      '--nodes',
      '4',
      '--swarm-size',
      '2',
      '--detach',
      '--json',
    ]);
    expect(start.code).toBe(0);
    const node = (k: number, verb: string, ...rest: string[]) =>
      runCli(['devnet', 'node', verb, String(k), ...rest, '--dir', cdir, '--json']);
    try {
      const [n0, n1] = start.json.result.nodes as { ip: string; port_https: number; swarm_id: string }[];
      expect((await node(0, 'hang')).json.result).toEqual({ node: 0, hung: true });
      const silent = await Promise.race([
        post(n0!.ip, n0!.port_https, '/storage_rpc/v1', JSON.stringify({ method: 'info', params: {} })).then(
          () => 'answered',
        ),
        new Promise((r) => setTimeout(() => r('timeout'), 1500)),
      ]);
      expect(silent).toBe('timeout');
      expect((await node(0, 'hang', '--resume')).json.result).toEqual({ node: 0, hung: false });
      expect((await node(1, 'delay', '50')).json.result).toEqual({ node: 1, delayMs: 50 });
      expect((await node(1, 'not-ready', '--reason', 'testing')).json.result).toEqual({
        node: 1,
        ready: false,
      });
      const r = await post(
        n1!.ip,
        n1!.port_https,
        '/storage_rpc/v1',
        JSON.stringify({ method: 'info', params: {} }),
      );
      expect([r.status, text(r)]).toEqual([503, 'Service node is not ready: testing\n']);
      expect((await node(1, 'not-ready', '--ready')).json.result).toEqual({ node: 1, ready: true });
      expect((await node(1, 'move', n0!.swarm_id)).json.result).toEqual({ node: 1, swarm_id: n0!.swarm_id });
      const st = JSON.parse(readFileSync(join(cdir, 'state.json'), 'utf8'));
      expect(st.nodes[1].swarmId).toBe(n0!.swarm_id);
      expect((await node(1, 'deregister')).json.result).toEqual({ node: 1, registered: false });
      expect((await node(1, 'deregister', '--register')).json.result).toEqual({ node: 1, registered: true });
      const bad = await node(1, 'move', 'not-hex');
      expect(bad.code).toBe(2);
    } finally {
      await runCli(['devnet', 'stop', '--dir', cdir, '--json']);
    }
  }, 120_000);
});
