import { randomInt } from 'node:crypto';
import { fromHex } from '../encoding/bytes.js';
import type { V4Request, V4Response } from '../encoding/v4.js';
import { SessionError, isSessionError } from '../errors.js';
import type { NetworkConfig } from './config.js';
import {
  buildServerOnion,
  buildSnodeOnion,
  openServerReply,
  openSnodeReply,
  type SnodeReply,
} from './onion-request.js';
import { NODE_FIELDS, fetchFromSeeds, parseServiceNodes, subnet, type SnodeRecord } from './pool.js';
import { closestSwarm, swarmIdFromHex, swarmSpace } from './swarm.js';
import type { Transport } from './transport.js';

/**
 * The client's view of the Session network: a node pool bootstrapped from the seeds, onion paths
 * (2 paths of 3 nodes, /24-diverse, guards first), swarm lookup, a clock offset learnt from node
 * replies, and the error handling of network.md §4.9 (drop named nodes, rebuild paths, resync the
 * clock on 406, follow 421 redirects) within a bounded number of attempts. Pool and paths are
 * cached so the next process reuses them.
 */
export interface NetworkCache {
  get(key: string): unknown;
  set(key: string, value: unknown): void;
}

export class MemoryCache implements NetworkCache {
  private readonly m = new Map<string, unknown>();
  get(key: string): unknown {
    return this.m.get(key);
  }
  set(key: string, value: unknown): void {
    this.m.set(key, value);
  }
}

export interface NetworkOptions {
  config: NetworkConfig;
  transport: Transport;
  cache?: NetworkCache;
  /** The local clock (ms); the network offset is added to it. */
  clock?: () => number;
  logger?: (line: string) => void;
}

interface PoolCache {
  nodes: SnodeRecord[];
  fetchedAt: number;
  seedSize?: number;
}

const POOL_MAX_AGE = 2 * 3600 * 1000;
const PATHS = 2;
const HOPS = 3;
const MAX_ATTEMPTS = 4;
const RPC_TIMEOUT = 10_000;
const STRIKE_LIMIT = 3;

export class SessionNetwork {
  private pool: SnodeRecord[] = [];
  private paths: SnodeRecord[][] = [];
  private offsets: number[] = [];
  private syncing = false;
  private lastMessageT = 0;
  private readonly nodeStrikes = new Map<string, number>();
  private readonly pathStrikes = new Map<string, number>();
  private bootstrapped = false;
  /** How many nodes the seed gave: a devnet may have fewer than mainnet's minimum pool. */
  private seedSize = 0;
  private readonly cache: NetworkCache;
  private readonly clock: () => number;
  private readonly log: (line: string) => void;
  readonly stats = { onionRequests: 0, pathRebuilds: 0, droppedNodes: 0, clockResyncs: 0, poolRefreshes: 0 };

  constructor(private readonly o: NetworkOptions) {
    this.cache = o.cache ?? new MemoryCache();
    this.clock = o.clock ?? Date.now;
    this.log = o.logger ?? (() => undefined);
  }

  private key(what: string): string {
    return `${what}:${this.o.config.id}`;
  }

  /** The current onion paths (ed25519 keys), for diagnostics and tests. */
  currentPaths(): string[][] {
    return this.paths.map((p) => p.map((n) => n.ed25519));
  }

  /**
   * A message timestamp T: network time, strictly increasing within this client, because T is a
   * message's identity across devices (messages.md §3.6) and concurrent sends share a millisecond.
   */
  messageTimestamp(): number {
    this.lastMessageT = Math.max(this.now(), this.lastMessageT + 1);
    return this.lastMessageT;
  }

  /** Network-adjusted time (ms): signatures and store timestamps must use it (§7). */
  now(): number {
    if (this.offsets.length === 0) return Math.round(this.clock());
    const sorted = [...this.offsets].sort((a, b) => a - b);
    return Math.round(this.clock() + sorted[sorted.length >> 1]!);
  }

  private learnTime(t: unknown, sentAt: number): void {
    if (typeof t !== 'number' || t < 1_609_419_600_000) return;
    const local = (sentAt + this.clock()) / 2;
    this.offsets.push(t - local);
    if (this.offsets.length > 10) this.offsets.shift();
  }

  // ---- pool ---------------------------------------------------------------------------------
  async bootstrap(signal?: AbortSignal): Promise<SnodeRecord[]> {
    if (this.bootstrapped && this.pool.length >= Math.min(this.o.config.minPool, this.seedSize))
      return this.pool;
    const cached = this.cache.get(this.key('pool')) as PoolCache | undefined;
    const fresh = cached && this.clock() - cached.fetchedAt < POOL_MAX_AGE;
    if (
      !this.bootstrapped &&
      fresh &&
      cached.nodes.length >= Math.min(this.o.config.minPool, cached.seedSize ?? 0)
    ) {
      this.pool = cached.nodes;
      this.seedSize = cached.seedSize ?? cached.nodes.length;
    } else {
      const stale =
        !this.bootstrapped &&
        cached &&
        cached.nodes.length >= Math.min(this.o.config.minPool, cached.seedSize ?? 0);
      const refreshed = stale
        ? await this.refreshFromNodes(cached.nodes, cached.seedSize ?? cached.nodes.length, signal)
        : undefined;
      if (refreshed) {
        this.pool = refreshed;
      } else {
        this.log('bootstrapping the node pool from the seed nodes');
        this.pool = await fetchFromSeeds(this.o.config, this.o.transport, signal);
      }
      this.seedSize = this.pool.length;
      this.savePool();
    }
    const savedPaths = this.cache.get(this.key('paths')) as string[][] | undefined;
    if (Array.isArray(savedPaths)) {
      const byEd = new Map(this.pool.map((n) => [n.ed25519, n]));
      const restored = savedPaths.map((p) => p.map((ed) => byEd.get(ed)));
      this.paths = restored.filter((p): p is SnodeRecord[] => p.length === HOPS && p.every(Boolean));
    }
    this.bootstrapped = true;
    if (this.offsets.length === 0 && !this.syncing) {
      // §7 (AND/LS-new): learn the network time before signing anything, median of 3 nodes. Not
      // cached across processes: the local clock may have moved since.
      this.syncing = true;
      try {
        await this.resyncClock(undefined, signal);
      } finally {
        this.syncing = false;
      }
    }
    return this.pool;
  }

  /**
   * §2.4: refresh an old pool from 3 of its own nodes (distinct /24s) instead of the seeds, keeping
   * only nodes that at least 2 of the 3 lists agree on; too few -> undefined (use the seeds).
   */
  private async refreshFromNodes(
    old: SnodeRecord[],
    expected: number,
    signal?: AbortSignal,
  ): Promise<SnodeRecord[] | undefined> {
    this.pool = old;
    const askers: SnodeRecord[] = [];
    const subnets = new Set<string>();
    for (const n of [...old].sort(() => randomInt(3) - 1)) {
      if (subnets.has(subnet(n.ip))) continue;
      subnets.add(subnet(n.ip));
      askers.push(n);
      if (askers.length === 3) break;
    }
    if (askers.length < 3) return undefined;
    this.log('refreshing the node pool from 3 nodes');
    this.syncing = true; // the refresh's own requests must not trigger a clock resync or another refresh
    this.bootstrapped = true;
    try {
      const lists = await Promise.all(
        askers.map(async (n) => {
          try {
            const r = await this.rpcToNode(
              n,
              'oxend_request',
              {
                endpoint: 'get_service_nodes',
                params: { active_only: true, fields: Object.fromEntries(NODE_FIELDS.map((f) => [f, true])) },
              },
              signal,
            );
            return r.status === 200
              ? parseServiceNodes(
                  (r.body as { result?: { service_node_states?: unknown } }).result?.service_node_states,
                )
              : undefined;
          } catch {
            return undefined;
          }
        }),
      );
      if (lists.some((l) => l === undefined)) return undefined;
      const count = new Map<string, { n: SnodeRecord; seen: number }>();
      for (const l of lists)
        for (const n of l!) count.set(n.ed25519, { n, seen: (count.get(n.ed25519)?.seen ?? 0) + 1 });
      const agreed = [...count.values()].filter((c) => c.seen >= 2).map((c) => c.n);
      this.stats.poolRefreshes++;
      this.nodeStrikes.clear();
      this.pathStrikes.clear();
      return agreed.length >= Math.min(this.o.config.minPool, Math.max(HOPS + 1, expected - 2))
        ? agreed
        : undefined;
    } finally {
      this.syncing = false;
      this.bootstrapped = false;
    }
  }

  private savePool(): void {
    this.cache.set(this.key('pool'), {
      nodes: this.pool,
      fetchedAt: this.clock(),
      seedSize: this.seedSize,
    } satisfies PoolCache);
  }

  private dropNode(ed: string): void {
    const before = this.pool.length;
    this.pool = this.pool.filter((n) => n.ed25519 !== ed);
    if (this.pool.length !== before) {
      this.stats.droppedNodes++;
      this.log(`dropping node ${ed.slice(0, 12)}… from the pool`);
    }
    this.paths = this.paths.filter((p) => !p.some((n) => n.ed25519 === ed));
    this.savePool();
    this.savePaths();
  }

  /** §4.9 node strikes: 3 and the node leaves the pool (and every path). */
  private strikeNode(ed: string): void {
    const n = (this.nodeStrikes.get(ed) ?? 0) + 1;
    this.nodeStrikes.set(ed, n);
    if (n >= STRIKE_LIMIT) {
      this.nodeStrikes.delete(ed);
      this.dropNode(ed);
    }
  }

  /** §4.9 path strikes: each relay gets a node strike; 3 path strikes drop the path and its guard. */
  private strikePath(path: SnodeRecord[]): void {
    const key = path.map((p) => p.ed25519).join(',');
    const n = (this.pathStrikes.get(key) ?? 0) + 1;
    this.pathStrikes.set(key, n);
    for (const relay of path.slice(1)) this.strikeNode(relay.ed25519);
    this.forgetPath(path);
    if (n >= STRIKE_LIMIT) {
      this.pathStrikes.delete(key);
      this.dropNode(path[0]!.ed25519);
    }
  }

  private forgetPath(path: SnodeRecord[]): void {
    this.paths = this.paths.filter((p) => p !== path);
    this.savePaths();
  }

  private savePaths(): void {
    this.cache.set(
      this.key('paths'),
      this.paths.map((p) => p.map((n) => n.ed25519)),
    );
  }

  // ---- paths --------------------------------------------------------------------------------
  /** A path that avoids `exclude`, built if needed: no two nodes of any path share a /24. */
  private pathAvoiding(exclude: string | undefined): SnodeRecord[] {
    const ok = this.paths.filter((p) => !p.some((n) => n.ed25519 === exclude));
    if (ok.length > 0) return ok[randomInt(ok.length)]!;
    this.buildPaths(exclude);
    const built = this.paths.filter((p) => !p.some((n) => n.ed25519 === exclude));
    if (built.length === 0) {
      throw new SessionError('PATH_FAILED', 'not enough nodes for an onion path', {
        hint: 'the node pool is too small; check the network',
      });
    }
    return built[randomInt(built.length)]!;
  }

  private buildPaths(exclude: string | undefined): void {
    this.stats.pathRebuilds++;
    const used = new Set<string>();
    const paths: SnodeRecord[][] = [];
    const candidates = this.pool.filter((n) => n.ed25519 !== exclude);
    for (let p = 0; p < PATHS; p++) {
      const path: SnodeRecord[] = [];
      // Random order, nodes with strikes last: a struck node is only used if nothing else fits.
      const shuffled = [...candidates]
        .map((n) => ({ n, k: (this.nodeStrikes.get(n.ed25519) ?? 0) * 10 + randomInt(10) }))
        .sort((a, b) => a.k - b.k)
        .map((x) => x.n);
      for (const n of shuffled) {
        const s = subnet(n.ip);
        if (used.has(s)) continue;
        path.push(n);
        used.add(s);
        if (path.length === HOPS) break;
      }
      if (path.length === HOPS) paths.push(path);
    }
    // A small network may not have 6 distinct /24s: allow sharing across paths, never within one.
    if (paths.length === 0) {
      const seen = new Set<string>();
      const path = candidates
        .filter((n) => (seen.has(subnet(n.ip)) ? false : (seen.add(subnet(n.ip)), true)))
        .slice(0, HOPS);
      if (path.length === HOPS) paths.push(path);
    }
    this.paths = paths;
    this.savePaths();
    this.log(`built ${paths.length} onion path(s)`);
  }

  // ---- requests -------------------------------------------------------------------------------
  /** One storage RPC to `dest`, onion-routed, retried on path failures (§4.9). */
  async rpcToNode(
    dest: SnodeRecord,
    method: string,
    params: object,
    signal?: AbortSignal,
  ): Promise<SnodeReply> {
    await this.bootstrap(signal);
    let lastError: SessionError | undefined;
    let resynced = false;
    let undecryptable = 0;
    for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
      const path = this.pathAvoiding(dest.ed25519);
      const guard = path[0]!;
      const built = await buildSnodeOnion(path.slice(1).length === HOPS - 1 ? path : path, dest, {
        method,
        params,
      });
      const sentAt = this.clock();
      this.stats.onionRequests++;
      let res;
      try {
        res = await this.o.transport.request(
          { url: `https://${guard.ip}:${guard.port}/onion_req/v2`, tls: { insecure: true } },
          built.body,
          {
            timeoutMs: RPC_TIMEOUT,
            ...(signal ? { signal } : {}),
          },
        );
      } catch (e) {
        if (isSessionError(e, 'INTERRUPTED')) throw e;
        // Guard unreachable: strike it (3 strikes drop it) and use another path meanwhile.
        lastError = new SessionError('PATH_FAILED', `guard ${guard.ip} unreachable`, { cause: e });
        this.strikeNode(guard.ed25519);
        this.forgetPath(path);
        continue;
      }
      if (res.status !== 200) {
        const text = Buffer.from(res.body).toString('utf8');
        const named = /^Next node (?:not found|is currently unreachable): ([0-9a-f]{64})/.exec(text);
        lastError = new SessionError('PATH_FAILED', `onion path failed: ${res.status} ${text.slice(0, 120)}`);
        if (named) {
          this.dropNode(named[1]!);
          if (named[1] === dest.ed25519)
            throw new SessionError('NETWORK_UNREACHABLE', `node ${dest.ip} is unreachable`);
        } else {
          this.strikePath(path);
        }
        continue;
      }
      let reply: SnodeReply;
      try {
        reply = await openSnodeReply(built, res.body);
      } catch (e) {
        lastError = new SessionError('PATH_FAILED', 'undecryptable onion reply', { cause: e });
        // Retried once as is (LS-old); a second undecryptable reply counts against the path.
        if (++undecryptable >= 2) this.strikePath(path);
        continue;
      }
      const body = reply.body as { t?: unknown; results?: { body?: { t?: unknown } }[] } | undefined;
      this.learnTime(body?.t, sentAt);
      for (const r of body?.results ?? []) this.learnTime(r.body?.t, sentAt);
      if (reply.status === 406 && !resynced) {
        resynced = true;
        await this.resyncClock(dest, signal);
        throw new SessionError('CLOCK_SKEW', 'the node rejected our clock; resynced, retry', {
          details: { retry: true },
        });
      }
      if (reply.status === 406)
        throw new SessionError('CLOCK_SKEW', 'the network rejected our clock even after a resync');
      if (reply.status >= 500 && reply.status <= 504) {
        // §4.9: the destination failed; strike it and let the caller try another swarm member.
        this.strikeNode(dest.ed25519);
        throw new SessionError(
          'REMOTE_REJECTED',
          `node ${dest.ip} answered ${reply.status}: ${reply.text.slice(0, 120)}`,
          {
            details: { status: reply.status },
          },
        );
      }
      return reply;
    }
    throw lastError ?? new SessionError('PATH_FAILED', 'onion request failed');
  }

  /** §7: `info` to up to 3 nodes, offset = t − midpoint of the request, median. */
  async resyncClock(avoid?: SnodeRecord, signal?: AbortSignal): Promise<void> {
    this.stats.clockResyncs++;
    this.offsets = [];
    const nodes = this.pool.filter((n) => n.ed25519 !== avoid?.ed25519).slice(0, 3);
    await Promise.all(
      nodes.map(async (n) => {
        try {
          await this.rpcToNode(n, 'info', {}, signal);
        } catch {
          // one silent node does not stop the others
        }
      }),
    );
  }

  /** The swarm of an account, computed from the pool's swarm ids (§3.2). */
  swarmOf(accountId: string): SnodeRecord[] {
    const ids = [...new Set(this.pool.map((n) => n.swarm))].map(swarmIdFromHex);
    if (ids.length === 0) return [];
    const s = closestSwarm(swarmSpace(fromHex(accountId)), ids).toString(16);
    return this.pool.filter((n) => n.swarm === s);
  }

  /**
   * A storage RPC to the account's swarm: a random member; on 421 the body's swarm replaces ours;
   * a failing member is tried no more; a clock resync is retried once. The request bytes are the
   * caller's, so a retried store has the same message hash.
   */
  async rpcToSwarm(
    accountId: string,
    method: string,
    params: object | (() => object | Promise<object>),
    signal?: AbortSignal,
  ): Promise<SnodeReply & { node: SnodeRecord }> {
    await this.bootstrap(signal);
    let members = this.swarmOf(accountId);
    const tried = new Set<string>();
    let lastError: unknown;
    for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
      const choices = members.filter((m) => !tried.has(m.ed25519));
      if (choices.length === 0) break;
      const node = choices[randomInt(choices.length)]!;
      try {
        const reply = await this.rpcToNode(
          node,
          method,
          typeof params === 'function' ? await (params as () => object | Promise<object>)() : params,
          signal,
        );
        if (reply.status === 421) {
          const snodes = parseServiceNodes(
            ((reply.body as { snodes?: unknown[] }).snodes ?? []).map((s) => {
              const r = s as Record<string, unknown>;
              return {
                ...r,
                public_ip: r.ip,
                storage_port: r.port_https,
                swarm: (reply.body as { swarm?: string }).swarm,
              };
            }),
          );
          this.log(`421 from ${node.ip}: following the swarm redirect`);
          if (snodes.length > 0) {
            members = snodes;
            for (const s of snodes) if (!this.pool.some((p) => p.ed25519 === s.ed25519)) this.pool.push(s);
          } else tried.add(node.ed25519);
          continue;
        }
        return { ...reply, node };
      } catch (e) {
        lastError = e;
        if (isSessionError(e, 'CLOCK_SKEW') && (e.details as { retry?: boolean } | undefined)?.retry)
          continue;
        if (isSessionError(e, 'INTERRUPTED') || isSessionError(e, 'CLOCK_SKEW')) throw e;
        tried.add(node.ed25519);
      }
    }
    if (lastError instanceof SessionError) throw lastError;
    throw new SessionError(
      'NETWORK_UNREACHABLE',
      `no member of the swarm of ${accountId.slice(0, 10)}… answered`,
      { cause: lastError },
    );
  }

  /** A v4 request to an HTTP server (file server) through an onion path. */
  async v4ToServer(req: V4Request, signal?: AbortSignal): Promise<V4Response> {
    await this.bootstrap(signal);
    const fs = this.o.config.fileServer;
    let lastError: unknown;
    for (let attempt = 0; attempt < 3; attempt++) {
      const path = this.pathAvoiding(undefined);
      const guard = path[0]!;
      const built = await buildServerOnion(
        path,
        { host: fs.host, port: fs.port, protocol: fs.protocol, x25519Hex: fs.x25519Hex },
        req,
      );
      try {
        const res = await this.o.transport.request(
          { url: `https://${guard.ip}:${guard.port}/onion_req/v2`, tls: { insecure: true } },
          built.body,
          {
            timeoutMs: 30_000,
            ...(signal ? { signal } : {}),
          },
        );
        if (res.status !== 200) throw new SessionError('PATH_FAILED', `server request failed: ${res.status}`);
        return await openServerReply(built, res.body);
      } catch (e) {
        lastError = e;
        if (isSessionError(e, 'INTERRUPTED')) throw e;
      }
    }
    throw lastError instanceof SessionError
      ? lastError
      : new SessionError('PATH_FAILED', 'server request failed');
  }
}
