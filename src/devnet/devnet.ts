import { randomBytes } from 'node:crypto';
import { createServer as createHttpServer, type IncomingMessage, type Server as HttpServer } from 'node:http';
import { createServer as createHttpsServer, type Server as HttpsServer } from 'node:https';
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import {
  createServer as createTcpServer,
  type AddressInfo,
  type Server as TcpServer,
  type Socket,
} from 'node:net';
import { join } from 'node:path';
import { ed25519KeyPairFromSeed, ed25519PkToX25519, ed25519SkToX25519 } from '../crypto/keys.js';
import { fromHex, toHex, utf8 } from '../encoding/bytes.js';
import { closestSwarm, swarmIdFromHex, swarmIdToHex, swarmSpace } from '../network/swarm.js';
import { FileServer } from './file-server.js';
import { SogsServer } from './sogs/index.js';
import { OnsRegistry, makeOnsRecord } from './ons.js';
import { processOnion, type OnionHop, type OnionReply } from './onion-server.js';
import {
  StorageEngine,
  openStorageDb,
  serviceNodeStates,
  type NetworkView,
  type NodeIdentity,
  type StorageDb,
} from './rpc/index.js';
import { loadOrCreateTls, type TlsMaterial } from './tls.js';

/**
 * The local Session network: a seed node, N storage nodes in swarms (each on its own loopback
 * address 127.0.K.1 so /24-diverse path selection means something), a file server and ONS
 * records, in one process. State (keys, certificates, messages, files, names) lives in `dir`, so
 * a restarted devnet keeps its identities and data. Fault hooks make nodes fail the way real
 * session-storage-server 2.8.0 nodes fail (errata E10–E14): stopped (connection refused), hung
 * (connects, never answers), slow, not ready (503), corrupt, clock-skewed, moved to another swarm
 * or deregistered.
 */
export interface DevnetOptions {
  dir: string;
  nodes?: number;
  swarmSize?: number;
  /** Rate-limit direct storage requests like a real node (errata E9). Default true. */
  rateLimit?: boolean;
  /** Base clock (ms); each node adds its own skew. */
  clock?: () => number;
  /** Bind every node on 127.0.0.1 instead of 127.0.K.1 (for hosts without the 127/8 range). */
  singleAddress?: boolean;
  /** How long a relay waits for a dead or hung next hop before `504 Request time out` (E10: 30 s). */
  relayTimeoutMs?: number;
  /** How long an entry node waits for a swarm peer of a recursive request (E11: 5 s). */
  peerTimeoutMs?: number;
  /** How long a last hop waits for an HTTP server it proxies to before 504 (§4.5: 25 s). */
  proxyTimeoutMs?: number;
}

/** One node as the control endpoint reports it (`/status` and every `/node/*` route). */
export interface DevnetNodeStatus {
  index: number;
  running: boolean;
  hung: boolean;
  ready: boolean;
  registered: boolean;
  delayMs: number;
  ip: string;
  port_https: number;
  pubkey_ed25519: string;
  swarm_id: string;
}

export interface DevnetNodeInfo {
  ip: string;
  port_https: number;
  pubkey_ed25519: string;
  pubkey_x25519: string;
  swarm_id: string;
}

export interface DevnetDescriptor {
  version: 1;
  network: 'devnet';
  seeds: { url: string; certPem: string; fingerprint256: string }[];
  nodes: DevnetNodeInfo[];
  fileServer: {
    url: string;
    host: string;
    port: number;
    protocol: 'http';
    pubkey_ed25519: string;
    pubkey_x25519: string;
  };
  /** The community server (SOGS v3); `pubkey` is the X25519 key as join URLs carry it. */
  community: {
    url: string;
    host: string;
    port: number;
    pubkey: string;
    rooms: { token: string; name: string; joinUrl: string }[];
  };
  control: { url: string; token: string };
  swarmSize: number;
  pid: number;
  startedAt: number;
}

interface PersistedState {
  nodes: { seedHex: string; port: number; swarmId: string; deregistered?: boolean }[];
  seedPort: number;
  controlPort: number;
  fileServer: { seedHex: string; port: number };
  /** Absent in state written before the community server existed (added on start). */
  community?: { seedHex: string; port: number };
  token: string;
}

const HF: [number, number] = [21, 0];
const MAX_BODY = 10 * 1024 * 1024;

/** A promise that never settles: what waiting on a dead host looks like (the caller's timeout decides). */
const never = <T>(): Promise<T> => new Promise<T>(() => undefined);

/** `p`, or 'timeout' if it has not settled within `ms`. */
async function withTimeout<T>(p: Promise<T>, ms: number): Promise<T | 'timeout'> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timedOut = new Promise<'timeout'>((resolve) => {
    timer = setTimeout(() => resolve('timeout'), ms);
    // A relay still waiting on a dead hop must not keep a stopping devnet process alive.
    timer.unref();
  });
  try {
    return await Promise.race([p, timedOut]);
  } finally {
    clearTimeout(timer);
  }
}

const plain = (status: number, message: string): OnionReply => ({
  status,
  body: utf8(message),
  contentType: 'text/plain',
});

class DevnetNode {
  server: HttpsServer | undefined;
  engine!: StorageEngine;
  db: StorageDb | undefined;
  delayMs = 0;
  corrupt = false;
  skewMs = 0;
  /** Why the node is not ready (it answers 503), or undefined when it is ready. */
  notReadyReason: string | undefined;
  /** Left out of the service-node list (seed, oxend, swarms, relays' node lists). */
  deregistered = false;
  /** A node that lies about names: forged records keyed by the real record's value, or undefined. */
  forgedNames: Map<string, { encrypted_value: string; nonce: string }> | undefined;
  private hang: { gate: Promise<void>; release: () => void } | undefined;
  /** The TCP listener in front of the HTTPS server: while hung, new connections wait here. */
  private front: TcpServer | undefined;
  private held: Socket[] = [];

  constructor(
    readonly index: number,
    readonly identity: NodeIdentity,
    readonly tls: TlsMaterial,
    readonly dbPath: string,
    private readonly net: Devnet,
  ) {}

  get edHex(): string {
    return toHex(this.identity.ed25519Pk);
  }
  get running(): boolean {
    return this.server !== undefined;
  }
  get hung(): boolean {
    return this.hang !== undefined;
  }

  /** Like SIGSTOP/SIGCONT: while hung, connections are accepted and nothing is answered. */
  setHung(on: boolean): void {
    if (on && !this.hang) {
      let release!: () => void;
      const gate = new Promise<void>((resolve) => (release = resolve));
      this.hang = { gate, release };
    } else if (!on && this.hang) {
      const h = this.hang;
      this.hang = undefined;
      h.release();
      // SIGCONT: the kernel's queued connections get their TLS handshake now
      const held = this.held;
      this.held = [];
      for (const sock of held) if (!sock.destroyed) this.server?.emit('connection', sock);
    }
  }

  /** Waits while the node is hung; false if it is (or became) stopped. */
  private async awake(): Promise<boolean> {
    while (this.hang) await this.hang.gate;
    return this.running;
  }

  async start(): Promise<void> {
    if (this.server) return;
    this.db = openStorageDb(this.dbPath);
    this.engine = new StorageEngine({
      identity: this.identity,
      db: this.db,
      clock: () => this.net.now() + this.skewMs,
      // The shared view, except for names when this node is made to lie about them.
      network: {
        ...this.net.view,
        onsLookup: (hash, type) => {
          const real = this.net.view.onsLookup(hash, type);
          return real && this.forgedNames ? (this.forgedNames.get(real.encrypted_value) ?? real) : real;
        },
      },
      rateLimit: this.net.rateLimit,
    });
    const server = createHttpsServer({ cert: this.tls.certPem, key: this.tls.keyPem }, (req, res) => {
      void (async () => {
        // A hung node has accepted the connection (TLS included) but never gets to the request.
        if (!(await this.awake())) {
          req.destroy();
          return;
        }
        const reply = await this.onRequest(req);
        res.writeHead(reply.status, {
          'content-type': reply.contentType,
          ...(reply.close ? { connection: 'close' } : {}),
        });
        res.end(reply.body);
        if (reply.close) req.destroy();
      })().catch(() => {
        if (!res.headersSent) res.writeHead(500, { 'content-type': 'text/plain' }).end('request failed');
      });
    });
    // A stopped process (SIGSTOP) still has its port: the kernel accepts TCP connections, but no
    // TLS handshake happens until it resumes. The TCP front holds new connections while hung, so a
    // client sees a connect (handshake) timeout, as with a real hung guard.
    const front = createTcpServer({ pauseOnConnect: true }, (sock) => {
      if (this.hang) this.held.push(sock);
      else server.emit('connection', sock);
    });
    await listen(front, this.identity.portHttps, this.identity.ip);
    this.identity.portHttps = (front.address() as AddressInfo).port;
    this.front = front;
    this.server = server;
  }

  /** A dead host: the listener is closed, so connections are refused (ECONNREFUSED). */
  async stop(): Promise<void> {
    const s = this.server;
    const front = this.front;
    this.server = undefined;
    this.front = undefined;
    for (const sock of this.held) sock.destroy();
    this.held = [];
    // Requests held by a hang wake up, see the node stopped and are dropped.
    this.setHung(false);
    if (!s) return;
    s.closeAllConnections();
    await Promise.all([
      new Promise<void>((resolve) => (front ? front.close(() => resolve()) : resolve())),
      new Promise<void>((resolve) => s.close(() => resolve())),
    ]);
    this.engine.close();
    this.db = undefined;
  }

  private async onRequest(req: IncomingMessage): Promise<OnionReply & { close?: boolean }> {
    const route = req.method === 'POST' ? req.url : undefined;
    if ((route === '/storage_rpc/v1' || route === '/onion_req/v2') && this.notReadyReason !== undefined) {
      // SS checks readiness from the headers, before the body, the rate limit and the size limit.
      return plain(503, `Service node is not ready: ${this.notReadyReason}\n`);
    }
    const declared = Number(req.headers['content-length'] ?? 0);
    if (declared > MAX_BODY) {
      // errata E4: answered from the headers alone, then the connection is closed.
      return { status: 413, body: utf8('Request body too large'), contentType: 'text/plain', close: true };
    }
    const body = await readBody(req);
    if (req.method !== 'POST') return { status: 404, body: utf8('Not found'), contentType: 'text/plain' };
    if (req.url === '/storage_rpc/v1') {
      if (req.headers['x-loki-long-poll'] !== undefined) {
        return {
          status: 410,
          body: utf8('long polling is no longer supported, client upgrade required'),
          contentType: 'text/plain',
        };
      }
      await this.delay();
      const ip = (req.socket.remoteAddress ?? '').replace(/^::ffff:/, '');
      const r = await this.engine.handleRpc(body, { via: 'direct', clientIp: ip });
      return this.faulty({ status: r.status, body: utf8(r.body), contentType: r.contentType });
    }
    if (req.url === '/onion_req/v2') return this.onion(body, 0, true);
    return { status: 404, body: utf8('Not found'), contentType: 'text/plain' };
  }

  /** A layer relayed to this node by another one; a dead or hung node never answers. */
  async relayed(body: Uint8Array, hopNo: number): Promise<OnionReply> {
    if (!(await this.awake())) return never();
    return this.onion(body, hopNo, false);
  }

  /** A recursive request forwarded by a swarm peer; a dead or hung node never answers. */
  async peerRequest(method: string, params: unknown): Promise<Record<string, unknown>> {
    if (!(await this.awake())) return never();
    await this.delay();
    return this.engine.handlePeer(method, params);
  }

  /** One onion layer at this node (as guard from HTTPS, or as a relay in-process). */
  async onion(body: Uint8Array, hopNo: number, isGuard: boolean): Promise<OnionReply> {
    await this.delay();
    // §4.5 step 2 (a guard that is not ready was already answered from the headers).
    if (this.notReadyReason !== undefined) return plain(503, `Snode not ready: ${this.edHex}`);
    const hop: OnionHop = {
      ed25519Hex: this.edHex,
      x25519Pk: this.identity.x25519Pk,
      x25519Sk: this.identity.x25519Sk,
      runRpc: (json) => this.engine.handleRpc(json, { via: 'onion' }),
      relay: async (hex, next, n) => {
        // Only the node list counts: a listed node that is down is waited for (errata E10).
        const node = this.net.registeredByEd(hex);
        if (!node) return undefined;
        return withTimeout(node.relayed(next, n), this.net.relayTimeoutMs);
      },
      proxy: (url, payload) => proxyPost(url, payload, this.net.proxyTimeoutMs),
    };
    return this.faulty(await processOnion(hop, body, hopNo, isGuard));
  }

  private async delay(): Promise<void> {
    if (this.delayMs > 0) await new Promise((r) => setTimeout(r, this.delayMs));
  }

  private faulty(reply: OnionReply): OnionReply {
    if (!this.corrupt || reply.body.length === 0) return reply;
    const body = reply.body.slice();
    body[body.length >> 1]! ^= 0x5a;
    body[0]! ^= 0x01;
    return { ...reply, body };
  }
}

export class Devnet {
  readonly nodes: DevnetNode[] = [];
  readonly rateLimit: boolean;
  readonly relayTimeoutMs: number;
  readonly proxyTimeoutMs: number;
  readonly view: NetworkView;
  descriptor!: DevnetDescriptor;
  private seedServer: HttpsServer | undefined;
  private controlServer: HttpServer | undefined;
  private fileServer!: FileServer;
  private fileServerKeys!: { ed: Uint8Array; xPk: Uint8Array };
  private sogs!: SogsServer;
  private seedTls!: TlsMaterial;
  private ons: OnsRegistry;
  private state!: PersistedState;
  private skewMs = 0;

  constructor(
    private readonly opts: Required<Pick<DevnetOptions, 'dir' | 'nodes' | 'swarmSize'>> & DevnetOptions,
  ) {
    this.rateLimit = opts.rateLimit ?? true;
    this.relayTimeoutMs = opts.relayTimeoutMs ?? 30_000;
    this.proxyTimeoutMs = opts.proxyTimeoutMs ?? 25_000;
    this.ons = new OnsRegistry(join(opts.dir, 'ons.json'));
    this.view = {
      // Registered nodes, whether running or not: a node leaves the list (and its swarm) only by
      // an explicit deregistration, as on the real network.
      nodes: () => this.registered().map((n) => n.identity),
      forward: async (hex, method, params) => {
        const n = this.registeredByEd(hex);
        if (!n) throw new Error(`unknown peer ${hex}`);
        return n.peerRequest(method, params);
      },
      peerTimeoutMs: opts.peerTimeoutMs ?? 5_000,
      onsLookup: (hash) => {
        const r = this.ons.lookup(hash);
        return r && { encrypted_value: r.encrypted_value, nonce: r.nonce };
      },
      hf: () => HF,
    };
  }

  now(): number {
    return (this.opts.clock ?? Date.now)() + this.skewMs;
  }

  nodeByEd(hex: string): DevnetNode | undefined {
    return this.nodes.find((n) => n.edHex === hex);
  }

  /** The service-node list every node (and the seed) knows. */
  registered(): DevnetNode[] {
    return this.nodes.filter((n) => !n.deregistered);
  }

  registeredByEd(hex: string): DevnetNode | undefined {
    const n = this.nodeByEd(hex);
    return n && !n.deregistered ? n : undefined;
  }

  private node(k: number): DevnetNode {
    const n = this.nodes[k];
    if (!n) throw new RangeError(`no node ${k} (nodes are 0..${this.nodes.length - 1})`);
    return n;
  }

  async start(): Promise<void> {
    const { dir } = this.opts;
    await mkdir(join(dir, 'nodes'), { recursive: true, mode: 0o700 });
    this.state = await this.loadState();
    await this.ons.load();
    const ipFor = (k: number) => (this.opts.singleAddress ? '127.0.0.1' : `127.0.${k + 1}.1`);
    await Promise.all(
      this.state.nodes.map(async (s, k) => {
        const ed = await ed25519KeyPairFromSeed(fromHex(s.seedHex));
        const identity: NodeIdentity = {
          ed25519Pk: ed.publicKey,
          ed25519Sk: ed.secretKey,
          x25519Pk: await ed25519PkToX25519(ed.publicKey),
          x25519Sk: await ed25519SkToX25519(ed.secretKey),
          ip: ipFor(k),
          portHttps: s.port,
          swarmId: BigInt(`0x${s.swarmId}`),
        };
        const tls = await loadOrCreateTls(join(dir, 'nodes', `${k}-tls.json`), `snode-${k}`, [identity.ip]);
        const node = new DevnetNode(k, identity, tls, join(dir, 'nodes', `${k}.db`), this);
        node.deregistered = s.deregistered === true;
        this.nodes[k] = node;
      }),
    );
    await Promise.all(this.nodes.map((n) => n.start().catch(() => ((n.identity.portHttps = 0), n.start()))));

    // File server
    const fsEd = await ed25519KeyPairFromSeed(fromHex(this.state.fileServer.seedHex));
    this.fileServerKeys = { ed: fsEd.publicKey, xPk: await ed25519PkToX25519(fsEd.publicKey) };
    const fsOpts = {
      dbPath: join(dir, 'files.db'),
      x25519Pk: this.fileServerKeys.xPk,
      x25519Sk: await ed25519SkToX25519(fsEd.secretKey),
      host: '127.0.0.1',
      clock: () => this.now(),
    };
    this.fileServer = new FileServer({ ...fsOpts, port: this.state.fileServer.port });
    try {
      await this.fileServer.start();
    } catch {
      this.fileServer = new FileServer(fsOpts);
      await this.fileServer.start();
    }

    // Community server: its X25519 key (from a persisted Ed25519 seed) is the pubkey in join URLs.
    this.state.community ??= { seedHex: randomBytes(32).toString('hex'), port: 0 };
    const cEd = await ed25519KeyPairFromSeed(fromHex(this.state.community.seedHex));
    const cOpts = {
      dbPath: join(dir, 'community.db'),
      x25519Pk: await ed25519PkToX25519(cEd.publicKey),
      x25519Sk: await ed25519SkToX25519(cEd.secretKey),
      host: '127.0.0.1',
      clock: () => this.now(),
    };
    this.sogs = new SogsServer({ ...cOpts, port: this.state.community.port });
    try {
      await this.sogs.start();
    } catch {
      this.sogs = new SogsServer(cOpts);
      await this.sogs.start();
    }
    if (this.sogs.rooms().length === 0) this.sogs.addRoom('lobby', { name: 'Lobby' });

    // Seed
    this.seedTls = await loadOrCreateTls(join(dir, 'seed-tls.json'), 'devnet-seed', ['127.0.0.1']);
    this.seedServer = createHttpsServer(
      { cert: this.seedTls.certPem, key: this.seedTls.keyPem },
      (req, res) => {
        void readBody(req).then((body) => {
          const reply = this.seedRpc(body);
          res.writeHead(reply.status, { 'content-type': 'application/json' }).end(reply.body);
        });
      },
    );
    await listenWithFallback(this.seedServer, this.state.seedPort, '127.0.0.1');

    // Control endpoint for `session devnet node stop|start`, `name register`, `stop`
    this.controlServer = createHttpServer((req, res) => {
      void readBody(req)
        .then((b) => this.control(req, b))
        .then(
          (r) => res.writeHead(r.status, { 'content-type': 'application/json' }).end(JSON.stringify(r.body)),
          (e: Error) =>
            res
              .writeHead(400, { 'content-type': 'application/json' })
              .end(JSON.stringify({ error: e.message })),
        );
    });
    await listenWithFallback(this.controlServer, this.state.controlPort, '127.0.0.1');
    await this.writeDescriptor();
  }

  private async loadState(): Promise<PersistedState> {
    const path = join(this.opts.dir, 'state.json');
    let state: PersistedState | undefined;
    try {
      state = JSON.parse(await readFile(path, 'utf8')) as PersistedState;
    } catch {
      state = undefined;
    }
    if (!state) {
      const n = this.opts.nodes;
      const swarms = Math.max(1, Math.floor(n / this.opts.swarmSize));
      const step = (1n << 64n) / BigInt(swarms);
      state = {
        nodes: Array.from({ length: n }, (_, k) => ({
          seedHex: randomBytes(32).toString('hex'),
          port: 0,
          // Nodes k, k+swarms, … share a swarm; any remainder joins the last swarms.
          swarmId: swarmIdToHex(step * BigInt(k % swarms)),
        })),
        seedPort: 0,
        controlPort: 0,
        fileServer: { seedHex: randomBytes(32).toString('hex'), port: 0 },
        community: { seedHex: randomBytes(32).toString('hex'), port: 0 },
        token: randomBytes(16).toString('hex'),
      };
    }
    return state;
  }

  private seedRpc(body: Uint8Array): { status: number; body: string } {
    let req: { method?: unknown; params?: { fields?: unknown } } | undefined;
    try {
      req = JSON.parse(Buffer.from(body).toString('utf8')) as typeof req;
    } catch {
      req = undefined;
    }
    const method = req?.method;
    if (
      method !== 'get_n_service_nodes' &&
      method !== 'get_service_nodes' &&
      method !== 'get_all_service_nodes'
    ) {
      return {
        status: 200,
        body: JSON.stringify({
          jsonrpc: '2.0',
          id: '0',
          error: { code: -32601, message: 'Method not found' },
        }),
      };
    }
    const result = serviceNodeStates(this.view.nodes(), req?.params?.fields, this.height());
    return {
      status: 200,
      body: JSON.stringify({ jsonrpc: '2.0', id: '0', result: { ...result, status: 'OK' } }),
    };
  }

  height(): number {
    return Math.floor(this.now() / 120_000);
  }

  private async control(req: IncomingMessage, body: Uint8Array): Promise<{ status: number; body: unknown }> {
    if (req.headers.authorization !== `Bearer ${this.state.token}`)
      return { status: 403, body: { error: 'forbidden' } };
    const args = (body.length ? JSON.parse(Buffer.from(body).toString('utf8')) : {}) as Record<
      string,
      unknown
    >;
    switch (req.url) {
      case '/status':
        return { status: 200, body: this.status() };
      case '/node/stop':
        await this.stopNode(Number(args.k));
        return { status: 200, body: this.status() };
      case '/node/start':
        await this.startNode(Number(args.k));
        return { status: 200, body: this.status() };
      case '/node/hang':
        this.hangNode(Number(args.k), args.on !== false);
        return { status: 200, body: this.status() };
      case '/node/delay':
        this.delayNode(Number(args.k), Number(args.ms ?? 0));
        return { status: 200, body: this.status() };
      case '/node/not-ready':
        this.notReady(
          Number(args.k),
          args.on !== false,
          typeof args.reason === 'string' && args.reason !== '' ? args.reason : undefined,
        );
        return { status: 200, body: this.status() };
      case '/node/move':
        await this.moveNode(Number(args.k), String(args.swarmId));
        return { status: 200, body: this.status() };
      case '/node/deregister':
        await this.deregisterNode(Number(args.k), args.on !== false);
        return { status: 200, body: this.status() };
      case '/name/register': {
        const rec = await this.registerName(String(args.name), String(args.accountId));
        return { status: 200, body: { name: rec.name, nameHash: rec.nameHashB64 } };
      }
      case '/community/add-room': {
        const room = await this.addRoom(String(args.token), {
          name: typeof args.name === 'string' && args.name !== '' ? args.name : String(args.token),
          ...(typeof args.description === 'string' ? { description: args.description } : {}),
        });
        return { status: 200, body: room };
      }
      case '/community/add-moderator':
        await this.addModerator(args.global === true ? null : String(args.token), String(args.accountId), {
          admin: args.admin === true,
          hidden: args.hidden === true,
        });
        return { status: 200, body: { community: this.descriptor.community } };
      case '/stop':
        setTimeout(() => process.kill(process.pid, 'SIGTERM'), 10);
        return { status: 200, body: { stopping: true } };
      default:
        return { status: 404, body: { error: 'unknown control route' } };
    }
  }

  status(): { nodes: DevnetNodeStatus[] } {
    return {
      nodes: this.nodes.map((n) => ({
        index: n.index,
        running: n.running,
        hung: n.hung,
        ready: n.notReadyReason === undefined,
        registered: !n.deregistered,
        delayMs: n.delayMs,
        ip: n.identity.ip,
        port_https: n.identity.portHttps,
        pubkey_ed25519: n.edHex,
        swarm_id: swarmIdToHex(n.identity.swarmId),
      })),
    };
  }

  private async writeDescriptor(): Promise<void> {
    const seedPort = (this.seedServer!.address() as AddressInfo).port;
    const controlPort = (this.controlServer!.address() as AddressInfo).port;
    this.state.seedPort = seedPort;
    this.state.controlPort = controlPort;
    this.state.fileServer.port = this.fileServer.port;
    this.state.community = { seedHex: this.state.community!.seedHex, port: this.sogs.port };
    this.state.nodes.forEach((s, k) => {
      const n = this.nodes[k]!;
      s.port = n.identity.portHttps;
      s.swarmId = swarmIdToHex(n.identity.swarmId);
      if (n.deregistered) s.deregistered = true;
      else delete s.deregistered;
    });
    await atomicWrite(join(this.opts.dir, 'state.json'), JSON.stringify(this.state, null, 2));
    this.descriptor = {
      version: 1,
      network: 'devnet',
      seeds: [
        {
          url: `https://127.0.0.1:${seedPort}`,
          certPem: this.seedTls.certPem,
          fingerprint256: this.seedTls.fingerprint256,
        },
      ],
      nodes: this.nodes.map((n) => ({
        ip: n.identity.ip,
        port_https: n.identity.portHttps,
        pubkey_ed25519: n.edHex,
        pubkey_x25519: toHex(n.identity.x25519Pk),
        swarm_id: swarmIdToHex(n.identity.swarmId),
      })),
      fileServer: {
        url: `http://127.0.0.1:${this.fileServer.port}`,
        host: '127.0.0.1',
        port: this.fileServer.port,
        protocol: 'http',
        pubkey_ed25519: toHex(this.fileServerKeys.ed),
        pubkey_x25519: toHex(this.fileServerKeys.xPk),
      },
      community: {
        url: this.sogs.url,
        host: '127.0.0.1',
        port: this.sogs.port,
        pubkey: this.sogs.pubkeyHex,
        rooms: this.sogs
          .rooms()
          .map((r) => ({ token: r.token, name: r.name, joinUrl: this.sogs.joinUrl(r.token) })),
      },
      control: { url: `http://127.0.0.1:${controlPort}`, token: this.state.token },
      swarmSize: this.opts.swarmSize,
      pid: process.pid,
      startedAt: Date.now(),
    };
    await atomicWrite(join(this.opts.dir, 'devnet.json'), `${JSON.stringify(this.descriptor, null, 2)}\n`);
  }

  // ---- fault hooks -------------------------------------------------------------------------
  async stopNode(k: number): Promise<void> {
    await this.node(k).stop();
  }
  async startNode(k: number): Promise<void> {
    await this.node(k).start();
  }
  /** A hung node (SIGSTOP): accepts connections, answers nothing, as guard, relay or peer. */
  hangNode(k: number, on: boolean): void {
    this.node(k).setHung(on);
  }
  delayNode(k: number, ms: number): void {
    this.node(k).delayMs = ms;
  }
  /**
   * A node that is not ready (§4.5 steps 1–2): `503 Service node is not ready: <reason>` to direct
   * requests and as guard, `503 Snode not ready: <ed25519>` as a later hop or destination.
   */
  notReady(k: number, on: boolean, reason = 'not done syncing'): void {
    this.node(k).notReadyReason = on ? reason : undefined;
  }
  /**
   * Moves node k to swarm `swarmIdHex` (persisted). Its new swarm's members push it the records of
   * their accounts, as real nodes do on a swarm change; the old swarm keeps its data, and the moved
   * node answers 421 for the accounts it no longer holds.
   */
  async moveNode(k: number, swarmIdHex: string): Promise<void> {
    const node = this.node(k);
    node.identity.swarmId = swarmIdFromHex(swarmIdHex);
    this.pushSwarmRecords(node);
    await this.writeDescriptor();
  }
  /** Takes node k out of the service-node list (or puts it back); it keeps running. */
  async deregisterNode(k: number, on = true): Promise<void> {
    this.node(k).deregistered = on;
    await this.writeDescriptor();
  }

  private pushSwarmRecords(target: DevnetNode): void {
    const into = target.db;
    if (!into || target.deregistered) return;
    const swarm = target.identity.swarmId;
    const ids = this.view.nodes().map((n) => n.swarmId);
    const now = this.now();
    const insert = into.prepare(
      'INSERT OR IGNORE INTO messages (pubkey, namespace, hash, data, timestamp, expiry) VALUES (?, ?, ?, ?, ?, ?)',
    );
    for (const m of this.registered()) {
      if (m === target || !m.db || m.hung || m.identity.swarmId !== swarm) continue;
      const rows = m.db
        .prepare(
          'SELECT pubkey, namespace, hash, data, timestamp, expiry FROM messages WHERE expiry > ? ORDER BY id',
        )
        .all(now) as {
        pubkey: string;
        namespace: number;
        hash: string;
        data: Buffer;
        timestamp: number;
        expiry: number;
      }[];
      into.transaction(() => {
        for (const r of rows) {
          if (closestSwarm(swarmSpace(fromHex(r.pubkey)), ids) !== swarm) continue;
          insert.run(r.pubkey, r.namespace, r.hash, r.data, r.timestamp, r.expiry);
        }
      })();
    }
  }
  /**
   * Node k answers ons_resolve with records it forged: well-formed, decrypting under the right
   * name, but to another Account ID (a lying node; clients must not trust a single node).
   */
  async lieAboutNames(k: number, on: boolean): Promise<void> {
    const node = this.node(k);
    if (!on) {
      node.forgedNames = undefined;
      return;
    }
    const forged = new Map<string, { encrypted_value: string; nonce: string }>();
    for (const r of this.ons.all()) {
      const fake = await makeOnsRecord(r.name, `05${randomBytes(32).toString('hex')}`);
      forged.set(r.encrypted_value, { encrypted_value: fake.encrypted_value, nonce: fake.nonce });
    }
    node.forgedNames = forged;
  }
  corruptReplies(k: number, on: boolean): void {
    this.node(k).corrupt = on;
  }
  skewClock(k: number | 'all', ms: number): void {
    if (k === 'all') this.skewMs = ms;
    else this.node(k).skewMs = ms;
  }
  async registerName(name: string, accountId: string) {
    return this.ons.register(name, accountId.toLowerCase());
  }
  // ---- community server ----------------------------------------------------------------------
  /** Creates (or renames) a room on the community server; devnet.json lists it with its join URL. */
  async addRoom(
    token: string,
    info: { name: string; description?: string },
  ): Promise<{ token: string; name: string; joinUrl: string }> {
    const room = this.sogs.addRoom(token, info);
    await this.writeDescriptor();
    return { token: room.token, name: room.name, joinUrl: this.sogs.joinUrl(room.token) };
  }
  /**
   * Makes an account moderator (or admin) of room `token`, or of every room (`null`). A 05
   * Account ID is matched when its owner connects with their 15-blinded key.
   */
  async addModerator(
    token: string | null,
    accountOrBlindedId: string,
    role: { admin?: boolean; hidden?: boolean } = {},
  ): Promise<void> {
    await this.sogs.addModerator(token, accountOrBlindedId, role);
    await this.writeDescriptor();
  }
  /** The community server itself (for tests). */
  get community(): SogsServer {
    return this.sogs;
  }
  /** The path file server state lives in (for tests). */
  get fileServerPort(): number {
    return this.fileServer.port;
  }

  async stop(): Promise<void> {
    await Promise.all(this.nodes.map((n) => n.stop()));
    for (const s of [this.seedServer, this.controlServer]) {
      if (!s) continue;
      s.closeAllConnections();
      await new Promise<void>((resolve) => s.close(() => resolve()));
    }
    this.seedServer = undefined;
    this.controlServer = undefined;
    await this.fileServer?.stop();
    await this.sogs?.stop();
  }
}

export async function startDevnet(options: DevnetOptions): Promise<Devnet> {
  const devnet = new Devnet({ nodes: 9, swarmSize: 3, ...options });
  try {
    await devnet.start();
  } catch (e) {
    await devnet.stop().catch(() => undefined);
    throw e;
  }
  return devnet;
}

async function listen(
  server: HttpsServer | HttpServer | TcpServer,
  port: number,
  host: string,
): Promise<void> {
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
}

/** Reuses the persisted port when it is free, else takes a new one. */
async function listenWithFallback(
  server: HttpsServer | HttpServer,
  port: number,
  host: string,
): Promise<void> {
  try {
    await listen(server, port, host);
  } catch {
    await listen(server, 0, host);
  }
}

async function readBody(req: IncomingMessage): Promise<Uint8Array> {
  const chunks: Buffer[] = [];
  for await (const c of req) chunks.push(c as Buffer);
  return new Uint8Array(Buffer.concat(chunks));
}

async function atomicWrite(path: string, text: string): Promise<void> {
  const tmp = `${path}.${process.pid}.tmp`;
  await writeFile(tmp, text, { mode: 0o600 });
  await rename(tmp, path);
}

/** The last hop's POST to an HTTP server (25 s timeout by default; 502/504 on failure, §4.5). */
async function proxyPost(url: string, body: Uint8Array, timeoutMs: number): Promise<OnionReply> {
  try {
    const res = await fetch(url, {
      method: 'POST',
      body,
      headers: { 'content-type': 'application/octet-stream' },
      signal: AbortSignal.timeout(timeoutMs),
    });
    return {
      status: res.status,
      body: new Uint8Array(await res.arrayBuffer()),
      contentType: res.headers.get('content-type') ?? 'application/octet-stream',
    };
  } catch (e) {
    const timeout = (e as Error).name === 'TimeoutError';
    return {
      status: timeout ? 504 : 502,
      body: utf8(timeout ? 'Request time out' : (e as Error).message),
      contentType: 'text/plain',
    };
  }
}
