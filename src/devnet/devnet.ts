import { randomBytes } from 'node:crypto';
import { createServer as createHttpServer, type IncomingMessage, type Server as HttpServer } from 'node:http';
import { createServer as createHttpsServer, type Server as HttpsServer } from 'node:https';
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { ed25519KeyPairFromSeed, ed25519PkToX25519, ed25519SkToX25519 } from '../crypto/keys.js';
import { fromHex, toHex, utf8 } from '../encoding/bytes.js';
import { swarmIdToHex } from '../network/swarm.js';
import { FileServer } from './file-server.js';
import { OnsRegistry } from './ons.js';
import { processOnion, type OnionHop, type OnionReply } from './onion-server.js';
import {
  StorageEngine,
  openStorageDb,
  serviceNodeStates,
  type NetworkView,
  type NodeIdentity,
} from './rpc/index.js';
import { loadOrCreateTls, type TlsMaterial } from './tls.js';

/**
 * The local Session network: a seed node, N storage nodes in swarms (each on its own loopback
 * address 127.0.K.1 so /24-diverse path selection means something), a file server and ONS
 * records, in one process. State (keys, certificates, messages, files, names) lives in `dir`, so
 * a restarted devnet keeps its identities and data. Fault hooks let tests stop nodes, delay them,
 * corrupt their replies or skew their clocks.
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
  control: { url: string; token: string };
  swarmSize: number;
  pid: number;
  startedAt: number;
}

interface PersistedState {
  nodes: { seedHex: string; port: number; swarmId: string }[];
  seedPort: number;
  controlPort: number;
  fileServer: { seedHex: string; port: number };
  token: string;
}

const HF: [number, number] = [21, 0];
const MAX_BODY = 10 * 1024 * 1024;

class DevnetNode {
  server: HttpsServer | undefined;
  engine!: StorageEngine;
  delayMs = 0;
  corrupt = false;
  skewMs = 0;

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

  async start(): Promise<void> {
    if (this.server) return;
    this.engine = new StorageEngine({
      identity: this.identity,
      db: openStorageDb(this.dbPath),
      clock: () => this.net.now() + this.skewMs,
      network: this.net.view,
      rateLimit: this.net.rateLimit,
    });
    const server = createHttpsServer({ cert: this.tls.certPem, key: this.tls.keyPem }, (req, res) => {
      void (async () => {
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
    await listen(server, this.identity.portHttps, this.identity.ip);
    this.identity.portHttps = (server.address() as AddressInfo).port;
    this.server = server;
  }

  async stop(): Promise<void> {
    const s = this.server;
    this.server = undefined;
    if (!s) return;
    s.closeAllConnections();
    await new Promise<void>((resolve) => s.close(() => resolve()));
    (this.engine as unknown as { close?: () => void }).close?.();
  }

  private async onRequest(req: IncomingMessage): Promise<OnionReply & { close?: boolean }> {
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

  /** One onion layer at this node (as guard from HTTPS, or as a relay in-process). */
  async onion(body: Uint8Array, hopNo: number, isGuard: boolean): Promise<OnionReply> {
    await this.delay();
    const hop: OnionHop = {
      ed25519Hex: this.edHex,
      x25519Pk: this.identity.x25519Pk,
      x25519Sk: this.identity.x25519Sk,
      runRpc: (json) => this.engine.handleRpc(json, { via: 'onion' }),
      relay: async (hex, next, n) => {
        const node = this.net.nodeByEd(hex);
        if (!node) return undefined;
        return node.onion(next, n, false);
      },
      isUnreachable: (hex) => {
        const node = this.net.nodeByEd(hex);
        return node !== undefined && !node.running;
      },
      proxy: (url, payload) => proxyPost(url, payload),
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
  readonly view: NetworkView;
  descriptor!: DevnetDescriptor;
  private seedServer: HttpsServer | undefined;
  private controlServer: HttpServer | undefined;
  private fileServer!: FileServer;
  private fileServerKeys!: { ed: Uint8Array; xPk: Uint8Array };
  private seedTls!: TlsMaterial;
  private ons: OnsRegistry;
  private state!: PersistedState;
  private skewMs = 0;

  constructor(
    private readonly opts: Required<Pick<DevnetOptions, 'dir' | 'nodes' | 'swarmSize'>> & DevnetOptions,
  ) {
    this.rateLimit = opts.rateLimit ?? true;
    this.ons = new OnsRegistry(join(opts.dir, 'ons.json'));
    this.view = {
      nodes: () => this.nodes.filter((n) => n.running).map((n) => n.identity),
      peer: (hex) => {
        const n = this.nodeByEd(hex);
        return n?.running ? n.engine : undefined;
      },
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
        this.nodes[k] = new DevnetNode(k, identity, tls, join(dir, 'nodes', `${k}.db`), this);
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
      case '/name/register': {
        const rec = await this.registerName(String(args.name), String(args.accountId));
        return { status: 200, body: { name: rec.name, nameHash: rec.nameHashB64 } };
      }
      case '/stop':
        setTimeout(() => process.kill(process.pid, 'SIGTERM'), 10);
        return { status: 200, body: { stopping: true } };
      default:
        return { status: 404, body: { error: 'unknown control route' } };
    }
  }

  status(): {
    nodes: {
      index: number;
      running: boolean;
      ip: string;
      port_https: number;
      pubkey_ed25519: string;
      swarm_id: string;
    }[];
  } {
    return {
      nodes: this.nodes.map((n) => ({
        index: n.index,
        running: n.running,
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
    this.state.nodes.forEach((s, k) => (s.port = this.nodes[k]!.identity.portHttps));
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
  delayNode(k: number, ms: number): void {
    this.node(k).delayMs = ms;
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

async function listen(server: HttpsServer | HttpServer, port: number, host: string): Promise<void> {
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

/** The last hop's POST to an HTTP server (25 s timeout; 502/504 on failure, §4.5). */
async function proxyPost(url: string, body: Uint8Array): Promise<OnionReply> {
  try {
    const res = await fetch(url, {
      method: 'POST',
      body,
      headers: { 'content-type': 'application/octet-stream' },
      signal: AbortSignal.timeout(25_000),
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
