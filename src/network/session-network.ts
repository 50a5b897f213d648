import { randomInt } from 'node:crypto';
import type { HopKeySource } from '../crypto/hop-keys.js';
import type { V4Request, V4Response } from '../encoding/v4.js';
import { SessionError, isSessionError, type ErrorCode } from '../errors.js';
import { parseInfoBody, parseSwarmBody } from '../rpc/replies.js';
import { NetworkClock } from './clock.js';
import type { NetworkConfig } from './config.js';
import { NodePool } from './node-pool.js';
import {
  buildServerOnion,
  buildSnodeOnion,
  openServerReply,
  openSnodeReply,
  type BuiltOnion,
  type LayerOptions,
  type ServerDestination,
  type SnodeReply,
} from './onion-request.js';
import { PATH_HOPS, PathSet, pathKey } from './paths.js';
import { BUDGETS, type RequestBudget, type RequestKind } from './policy/budget.js';
import { blame, type AttemptFailure, type Verdict } from './policy/blame.js';
import { hedged, overtakenCountsAsTimeout, type AttemptResult } from './policy/hedge.js';
import { StrikeBook } from './policy/strikes.js';
import { NODE_FIELDS, parseServiceNodes, type SnodeRecord } from './pool.js';
import { fetchFromSeeds } from './seeds.js';
import { failureStage, type Transport } from './transport.js';

/**
 * The client's view of the Session network: a node pool bootstrapped from the seeds and refreshed
 * every 2 h, onion paths, swarms, network time, and the reactions of network.md §4.9 to a network
 * that misbehaves. The reactions themselves are small policies in ./policy (blame, strikes,
 * budgets, hedging) and are applied here in one place (`apply`). Pool and paths are cached so the
 * next process reuses them.
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
  /**
   * A monotonic clock shared by every process of this boot (ms): CLOCK_MONOTONIC by default. A
   * cached network-clock offset is trusted only while the local clock kept pace with it.
   */
  monotonic?: () => number;
  logger?: (line: string) => void;
  /** Uniform integer in [0, n): injectable for deterministic tests. */
  random?: (n: number) => number;
  /** Per-kind overrides of the request budgets (tests shorten them). */
  budgets?: Partial<Record<RequestKind, Partial<RequestBudget>>>;
  /** Onion layer keys made ahead (crypto/hop-keys.ts; the daemon's): else each is made per request. */
  hopKeys?: HopKeySource;
}

export interface RequestOptions {
  signal?: AbortSignal | undefined;
  kind?: RequestKind;
  /**
   * The code to fail with when an attempt may have reached the destination (a store that timed out
   * beyond the guard): `DELIVERY_UNKNOWN` for stores, so nobody reports "not sent" for a message
   * that may have been stored.
   */
  unknownOutcome?: ErrorCode;
  /** Members to ask only when no other is left (e.g. already polled this round). */
  preferNot?: readonly string[];
  /** Validates a 2xx reply of a swarm member; a BAD_REPLY/BAD_SIGNATURE makes it a failed attempt. */
  check?: (reply: SnodeReply, node: SnodeRecord) => void | Promise<void>;
}

/** The network clock as the last process learnt it (see `restoreClock`). */
interface ClockCache {
  offsetMs: number;
  /** Local wall clock and monotonic clock when it was learnt. */
  wallAt: number;
  monoAt: number;
}

interface PoolCache {
  nodes: SnodeRecord[];
  fetchedAt: number;
  seedSize?: number;
}

/** What one request chain has learnt so far; shared by its sequential and hedged attempts. */
interface Chain {
  /** Destinations that failed in this chain. */
  tried: Set<string>;
  /** Destinations that were slow in this chain (asked again only when no other is left). */
  slow: Set<string>;
  /** Guards that could not be reached: not used again in this chain. */
  unreachable: Set<string>;
  /** Nodes of paths that failed in this chain: used only if nothing else fits. */
  failedNodes: Set<string>;
  /** Paths and destinations in use by an attempt still in flight. */
  busyPaths: Set<string>;
  busyDest: Set<string>;
  resynced: boolean;
  mayHaveReached: boolean;
  last: SessionError | undefined;
  /** The body of the last failed destination answer (a 421 carries the new swarm). */
  lastBody: unknown;
  /** The caller's signal: an attempt aborted without it was overtaken by a hedge. */
  outer: AbortSignal | undefined;
}

const newChain = (outer?: AbortSignal): Chain => ({
  outer,
  tried: new Set(),
  slow: new Set(),
  unreachable: new Set(),
  failedNodes: new Set(),
  busyPaths: new Set(),
  busyDest: new Set(),
  resynced: false,
  mayHaveReached: false,
  last: undefined,
  lastBody: undefined,
});

/** Destination statuses that are the answer (the request itself was judged), not a failure. */
/** After the first clock sample, how long the other nodes get to answer. */
const CLOCK_GRACE_MS = 1_000;
/** A cached network-clock offset older than this is learnt again (node clocks hardly drift). */
export const CLOCK_CACHE_MAX_AGE_MS = 10 * 60_000;
/** How far the local wall clock may have moved against the monotonic one for the cache to hold. */
export const CLOCK_CACHE_MAX_JUMP_MS = 1_000;

const processMonotonic = () => Number(process.hrtime.bigint() / 1_000_000n);

const isFinalStatus = (s: number) =>
  (s >= 200 && s < 300) || (s >= 400 && s < 500 && ![406, 421, 425, 429].includes(s));

/**
 * What a reply check throws when a sub-request inside a 200 reply (a batch) was refused the way a
 * whole request can be (a retrieve's 406: our clock). The chain then reacts as to the node
 * answering that status itself (resync once and retry), not as to garbage.
 */
export function innerRefusal(method: string, status: number, text: string): SessionError {
  return new SessionError(
    'REMOTE_REJECTED',
    `${method}: a sub-request answered ${status}: ${text.slice(0, 200)}`,
    {
      details: { innerStatus: status, innerText: text },
    },
  );
}

export class SessionNetwork {
  private readonly pool: NodePool;
  private readonly paths: PathSet;
  private readonly clockState: NetworkClock;
  private readonly nodeStrikes = new StrikeBook();
  private readonly pathStrikes = new StrikeBook();
  private readonly cache: NetworkCache;
  private readonly log: (line: string) => void;
  private readonly random: (n: number) => number;
  private readonly monotonic: () => number;
  private bootstrapped = false;
  private refreshing: Promise<void> | undefined;
  private clockSynced = false;
  private syncingClock: Promise<void> | undefined;
  /** How many nodes the seed gave: a devnet may have fewer than mainnet's minimum pool. */
  private seedSize = 0;
  readonly stats = {
    onionRequests: 0,
    pathRebuilds: 0,
    droppedNodes: 0,
    clockResyncs: 0,
    poolRefreshes: 0,
    hedges: 0,
  };

  constructor(private readonly o: NetworkOptions) {
    this.cache = o.cache ?? new MemoryCache();
    this.clockState = new NetworkClock(o.clock ?? Date.now);
    this.log = o.logger ?? (() => undefined);
    this.random = o.random ?? randomInt;
    this.monotonic = o.monotonic ?? processMonotonic;
    this.pool = new NodePool(this.random);
    this.paths = new PathSet(
      this.pool,
      (ed) => this.nodeStrikes.count(ed),
      (key) => this.pathStrikes.count(key),
      this.log,
    );
  }

  private key(what: string): string {
    return `${what}:${this.o.config.id}`;
  }

  private budget(kind: RequestKind): RequestBudget {
    return { ...BUDGETS[kind], ...this.o.budgets?.[kind] };
  }

  /** The current onion paths (ed25519 keys), for diagnostics and tests. */
  currentPaths(): string[][] {
    return this.paths.save();
  }

  /** The pool as this process sees it (diagnostics: `doctor`, tests). */
  poolInfo(): { size: number; fetchedAt: number; stale: boolean } {
    return {
      size: this.pool.size,
      fetchedAt: this.pool.fetchedAt,
      stale: this.pool.stale(this.clockState.localNow()),
    };
  }

  /** `n` distinct random pool nodes not dropped by this process (for agreement queries). */
  randomNodes(n: number): SnodeRecord[] {
    return this.pool.pick(n, new Set(), false);
  }

  /** A path's strike count (its nodes' ed25519 keys, guard first; diagnostics, tests). */
  pathStrikesOf(path: readonly string[]): number {
    return this.pathStrikes.count(path.join(','));
  }

  /** A node's strike count (diagnostics, tests). */
  strikesOf(ed25519: string): number {
    return this.nodeStrikes.count(ed25519);
  }

  /** Whether this process has dropped a node (diagnostics, tests). */
  isDropped(ed25519: string): boolean {
    return this.pool.isDropped(ed25519);
  }

  /** The network clock's offset from the local clock (ms). */
  clockOffsetMs(): number {
    return this.clockState.offsetMs();
  }

  /** Network-adjusted time (ms): signatures and store timestamps must use it (§7). */
  now(): number {
    return this.clockState.now();
  }

  // ---- pool ---------------------------------------------------------------------------------

  private minPool(): number {
    return Math.max(PATH_HOPS + 1, Math.min(this.o.config.minPool, this.seedSize || this.o.config.minPool));
  }

  /**
   * Makes sure there is a usable pool (cached, refreshed when older than 2 h or shown wrong by a
   * 421, else from the seeds) and a network clock. Cheap when both are there.
   */
  async bootstrap(signal?: AbortSignal): Promise<readonly SnodeRecord[]> {
    if (!this.bootstrapped) this.loadCache();
    if (
      !this.bootstrapped ||
      this.pool.stale(this.clockState.localNow()) ||
      this.pool.size < this.minPool()
    ) {
      this.refreshing ??= this.refreshPool(signal).finally(() => (this.refreshing = undefined));
      await this.refreshing;
    }
    if (!this.clockSynced && !this.restoreClock()) {
      // §7 (AND/LS-new): learn the network time before signing anything, median of 3 nodes.
      this.syncingClock ??= this.resyncClock(undefined, signal).finally(
        () => (this.syncingClock = undefined),
      );
      await this.syncingClock;
    }
    return this.pool.all();
  }

  /**
   * The offset an earlier process learnt, when it is recent and this machine's wall clock has not
   * jumped since (checked against the monotonic clock, which a reboot or suspend also breaks).
   * Saves a cold command the three `info` round trips; a wrong offset still gets a 406, which
   * resyncs (blame policy) as it would for a fresh one.
   */
  private restoreClock(): boolean {
    const c = this.cache.get(this.key('clock')) as Partial<ClockCache> | undefined;
    if (
      c === undefined ||
      typeof c.offsetMs !== 'number' ||
      typeof c.wallAt !== 'number' ||
      typeof c.monoAt !== 'number' ||
      !Number.isFinite(c.offsetMs + c.wallAt + c.monoAt)
    )
      return false;
    const wallElapsed = this.clockState.localNow() - c.wallAt;
    const monoElapsed = this.monotonic() - c.monoAt;
    if (monoElapsed < 0 || monoElapsed > CLOCK_CACHE_MAX_AGE_MS) return false;
    if (Math.abs(wallElapsed - monoElapsed) > CLOCK_CACHE_MAX_JUMP_MS) return false;
    this.clockState.assume(c.offsetMs);
    this.clockSynced = true;
    this.log(
      `network clock from cache: offset ${Math.round(c.offsetMs)} ms, ${Math.round(monoElapsed / 1000)} s old`,
    );
    return true;
  }

  private saveClock(): void {
    this.cache.set(this.key('clock'), {
      offsetMs: this.clockState.offsetMs(),
      wallAt: this.clockState.localNow(),
      monoAt: this.monotonic(),
    } satisfies ClockCache);
  }

  private loadCache(): void {
    const cached = this.cache.get(this.key('pool')) as PoolCache | undefined;
    if (cached && Array.isArray(cached.nodes)) {
      const nodes = parseServiceNodes(
        cached.nodes.map((n) => ({
          public_ip: n.ip,
          storage_port: n.port,
          pubkey_ed25519: n.ed25519,
          pubkey_x25519: n.x25519,
          swarm: n.swarm,
        })),
      );
      this.seedSize = typeof cached.seedSize === 'number' ? cached.seedSize : nodes.length;
      this.pool.replace(nodes, typeof cached.fetchedAt === 'number' ? cached.fetchedAt : 0);
      this.paths.restore(this.cache.get(this.key('paths')));
      const strikes = this.cache.get(this.key('strikes')) as { nodes?: unknown; paths?: unknown } | undefined;
      this.nodeStrikes.restore(strikes?.nodes);
      this.pathStrikes.restore(strikes?.paths);
      this.log(
        `node pool from cache: ${nodes.length} nodes, ${Math.round((this.clockState.localNow() - this.pool.fetchedAt) / 60_000)} min old`,
      );
    }
    this.bootstrapped = true;
  }

  private async refreshPool(signal?: AbortSignal): Promise<void> {
    if (this.pool.size >= this.minPool()) {
      const refreshed = await this.refreshFromNodes(signal);
      if (refreshed) {
        this.acceptPool(refreshed, 'refreshed from 3 nodes');
        return;
      }
    }
    this.log('bootstrapping the node pool from the seed nodes');
    const nodes = await fetchFromSeeds(this.o.config, this.o.transport, { signal, log: this.log });
    this.acceptPool(nodes, 'from the seeds');
  }

  private acceptPool(nodes: SnodeRecord[], how: string): void {
    // §2.4: after a refresh, strikes and drops start over.
    this.pool.forgiveDrops();
    this.nodeStrikes.clear();
    this.pathStrikes.clear();
    this.pool.replace(nodes, this.clockState.localNow());
    this.seedSize = nodes.length;
    this.stats.poolRefreshes++;
    this.paths.restore(this.paths.save());
    this.savePool();
    this.savePaths();
    this.log(`node pool ${how}: ${nodes.length} nodes`);
  }

  /**
   * §2.4: refresh from 3 pool nodes in distinct /24s (via onion), keeping the nodes that at least
   * 2 of the 3 lists agree on; too few, or any list missing -> undefined (use the seeds).
   */
  private async refreshFromNodes(signal?: AbortSignal): Promise<SnodeRecord[] | undefined> {
    const askers = this.pool.pick(3);
    if (askers.length < 3) return undefined;
    this.log(`refreshing the node pool from ${askers.map((n) => n.ip).join(', ')}`);
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
            { signal, kind: 'control' },
            true,
          );
          if (r.status !== 200) return undefined;
          const result = (r.body as { result?: unknown } | null)?.result;
          const states =
            result !== null && typeof result === 'object'
              ? (result as { service_node_states?: unknown }).service_node_states
              : undefined;
          return parseServiceNodes(states);
        } catch (e) {
          if (isSessionError(e, 'INTERRUPTED')) throw e;
          return undefined;
        }
      }),
    );
    if (lists.some((l) => l === undefined || l.length === 0)) return undefined;
    const count = new Map<string, { n: SnodeRecord; seen: number }>();
    for (const l of lists)
      for (const n of l!) count.set(n.ed25519, { n, seen: (count.get(n.ed25519)?.seen ?? 0) + 1 });
    const agreed = [...count.values()].filter((c) => c.seen >= 2).map((c) => c.n);
    const needed = Math.min(this.o.config.minPool, Math.max(PATH_HOPS + 1, this.seedSize - 2));
    return agreed.length >= needed ? agreed : undefined;
  }

  private savePool(): void {
    this.cache.set(this.key('pool'), {
      nodes: [...this.pool.all()],
      fetchedAt: this.pool.suspect ? 0 : this.pool.fetchedAt,
      seedSize: this.seedSize,
    } satisfies PoolCache);
  }

  private savePaths(): void {
    this.cache.set(this.key('paths'), this.paths.save());
    this.cache.set(this.key('strikes'), { nodes: this.nodeStrikes.save(), paths: this.pathStrikes.save() });
  }

  private dropNode(ed: string, why: string): void {
    if (this.pool.drop(ed)) this.stats.droppedNodes++;
    this.paths.removeNode(ed);
    this.log(`dropping node ${ed.slice(0, 12)}… (${why})`);
    this.savePool();
    this.savePaths();
  }

  /** Applies a verdict of the blame policy: strikes, drops, path changes, chain bookkeeping. */
  private apply(v: Verdict, path: SnodeRecord[], dest: string | undefined, chain: Chain): void {
    for (const ed of v.dropNodes) this.dropNode(ed, 'named as missing by a relay');
    for (const ed of v.strikeNodes) {
      if (this.nodeStrikes.strike(ed)) this.dropNode(ed, '3 strikes');
      // and not as a relay either for the rest of this chain (a dead destination is a dead relay)
      chain.failedNodes.add(ed);
    }
    if (v.strikePath) {
      for (const n of path.slice(1)) chain.failedNodes.add(n.ed25519);
      if (this.pathStrikes.strike(pathKey(path))) {
        this.log(`replacing path through ${path[0]!.ip} (3 strikes)`);
        this.paths.remove(path);
        this.savePaths();
      }
    }
    for (const ed of v.excludeNodes) chain.unreachable.add(ed);
    if (v.abandonPath) {
      chain.unreachable.add(path[0]!.ed25519);
      this.paths.remove(path);
      this.savePaths();
    }
    if (v.avoidDestination && dest) chain.tried.add(dest);
    if (v.suspectDestination && dest) chain.slow.add(dest);
    if (v.mayHaveReachedDestination) chain.mayHaveReached = true;
    chain.last = v.error;
  }

  // ---- one attempt ----------------------------------------------------------------------------

  private choosePath(dest: string | undefined, chain: Chain): SnodeRecord[] {
    const exclude = new Set(chain.unreachable);
    if (dest) exclude.add(dest);
    const before = this.paths.builds;
    const path = this.paths.pick({ exclude, avoid: chain.failedNodes, busy: chain.busyPaths });
    this.stats.pathRebuilds += this.paths.builds - before;
    if (this.paths.builds !== before) this.savePaths();
    if (!path) {
      throw new SessionError('PATH_FAILED', 'not enough reachable nodes for an onion path', {
        hint: 'the node pool is too small or unreachable; check the network (`session doctor`)',
      });
    }
    return path;
  }

  /** Sends one onion request over one path; classifies any failure with the blame policy. */
  /**
   * The layers `hopKeys` has ready for an onion over `path` to `destHex`, in LayerOptions order
   * (destination first, then the relays from the last to the guard); none without `hopKeys`.
   */
  private preparedLayers(path: SnodeRecord[], destHex: string): LayerOptions {
    const keys = this.o.hopKeys;
    if (keys === undefined) return [];
    return [destHex, ...path.map((n) => n.x25519).reverse()].map((hex) => {
      const prepared = keys.take(hex);
      return prepared === undefined ? {} : { prepared };
    });
  }

  private async sendOnce<T>(
    path: SnodeRecord[],
    dest: SnodeRecord | undefined,
    build: (path: SnodeRecord[]) => Promise<BuiltOnion>,
    open: (built: BuiltOnion, body: Uint8Array) => Promise<{ value: T; failure?: AttemptFailure }>,
    what: string,
    budget: RequestBudget,
    chain: Chain,
    signal: AbortSignal,
  ): Promise<AttemptResult<T> & { failure?: AttemptFailure['kind'] }> {
    const guard = path[0]!;
    const key = pathKey(path);
    // who a failure of this attempt can be charged to (policy/blame.ts)
    const parties = {
      guard: guard.ed25519,
      relays: path.slice(1).map((n) => n.ed25519),
      destination: dest?.ed25519,
      server: dest === undefined,
    };
    chain.busyPaths.add(key);
    if (dest) chain.busyDest.add(dest.ed25519);
    const started = performance.now();
    const sentAt = this.clockState.localNow();
    let failure: AttemptFailure | undefined;
    let value: T | undefined;
    try {
      const built = await build(path);
      this.stats.onionRequests++;
      let res;
      try {
        res = await this.o.transport.request(
          { url: `https://${guard.ip}:${guard.port}/onion_req/v2`, tls: { insecure: true } },
          built.body,
          { timeoutMs: budget.attemptMs, connectTimeoutMs: budget.connectMs, signal },
        );
      } catch (e) {
        if (isSessionError(e) && e.code === 'INTERRUPTED') {
          const elapsedMs = performance.now() - started;
          if (
            overtakenCountsAsTimeout({
              elapsedMs,
              hedgeAfterMs: budget.hedgeAfterMs,
              callerAborted: chain.outer?.aborted === true,
            })
          ) {
            // (the chain has its answer: this only charges the slow path for the next request)
            this.apply(blame({ kind: 'timeout' }, parties), path, dest?.ed25519, chain);
            this.log(
              `${what} via ${path.map((n) => n.ip).join('>')}: overtaken after ${Math.round(elapsedMs)} ms; the path is charged as timed out`,
            );
          }
          return { ok: false, retry: false, error: asSessionError(e) };
        }
        if (!isSessionError(e)) return { ok: false, retry: false, error: asSessionError(e) };
        // the proxy is down or refuses: no node, path or destination is at fault, and every
        // other attempt goes through the same proxy
        if (failureStage(e) === 'proxy')
          return {
            ok: false,
            retry: false,
            error: new SessionError('NETWORK_UNREACHABLE', e.message, {
              cause: e,
              hint: 'check that the proxy (--proxy / SESSION_PROXY / the config file) is running',
            }),
          };
        const reason = (e.details as { reason?: string } | undefined)?.reason;
        failure =
          failureStage(e) === 'connect'
            ? { kind: 'connect', reason: e.message, sent: reason === 'reset' }
            : { kind: 'timeout' };
      }
      if (res && res.status !== 200) {
        failure = { kind: 'hop', status: res.status, text: Buffer.from(res.body).toString('utf8') };
      } else if (res) {
        try {
          const r = await open(built, res.body);
          value = r.value;
          failure = r.failure;
          if (failure) chain.lastBody = (value as { body?: unknown } | undefined)?.body;
          this.learnTimeFrom(value, sentAt);
        } catch (e) {
          const err = asSessionError(e);
          failure =
            err.code === 'BAD_REPLY' ? { kind: 'bad-reply', reason: err.message } : { kind: 'undecryptable' };
        }
      }
    } finally {
      chain.busyPaths.delete(key);
      if (dest) chain.busyDest.delete(dest.ed25519);
    }
    const ms = Math.round(performance.now() - started);
    const via = `${dest ? `${dest.ip}:${dest.port}` : 'server'} via ${path.map((n) => n.ip).join('>')}`;
    if (!failure) {
      this.log(`${what} -> ${via}: ok in ${ms} ms`);
      return { ok: true, value: value as T };
    }
    const v = blame(failure, parties);
    this.apply(v, path, dest?.ed25519, chain);
    this.log(`${what} -> ${via}: ${v.error.message} after ${ms} ms${v.retry ? '; retrying' : ''}`);
    if (v.resyncClock) {
      if (chain.resynced) {
        return {
          ok: false,
          retry: false,
          error: new SessionError('CLOCK_SKEW', 'the network rejected our clock even after a resync', {
            hint: 'check the system clock',
          }),
        };
      }
      chain.resynced = true;
      await this.resyncClock(dest, signal);
    }
    return { ok: false, retry: v.retry, error: v.error, failure: failure.kind };
  }

  private learnTimeFrom(value: unknown, sentAt: number): void {
    const body = (value as { body?: unknown } | undefined)?.body;
    if (body === null || typeof body !== 'object') return;
    const b = body as { t?: unknown; results?: unknown };
    this.clockState.learn(b.t, sentAt);
    if (Array.isArray(b.results))
      for (const r of b.results as unknown[]) {
        const rb = (r as { body?: unknown } | null)?.body;
        if (rb !== null && typeof rb === 'object') this.clockState.learn((rb as { t?: unknown }).t, sentAt);
      }
  }

  /**
   * Opens a destination's reply: the RPC's own verdict (2xx, or a 4xx refusal of the request) is
   * the value; anything else is a failure for the blame policy. `check` validates a 2xx body
   * (shape, signatures): a node that answers garbage is struck and another one asked.
   */
  private snodeOpen(check?: (reply: SnodeReply) => void | Promise<void>) {
    return async (
      built: BuiltOnion,
      body: Uint8Array,
    ): Promise<{ value: SnodeReply; failure?: AttemptFailure }> => {
      const reply = await openSnodeReply(built, body);
      if (!isFinalStatus(reply.status))
        return { value: reply, failure: { kind: 'destination', status: reply.status, text: reply.text } };
      if (check && reply.status >= 200 && reply.status < 300) {
        try {
          await check(reply);
        } catch (e) {
          const err = asSessionError(e);
          const inner = err.details?.innerStatus;
          if (typeof inner === 'number' && !isFinalStatus(inner))
            return {
              value: reply,
              failure: {
                kind: 'destination',
                status: inner,
                text: typeof err.details?.innerText === 'string' ? err.details.innerText : '',
              },
            };
          if (err.code === 'BAD_REPLY' || err.code === 'BAD_SIGNATURE')
            return { value: reply, failure: { kind: 'bad-reply', reason: err.message } };
          throw err;
        }
      }
      return { value: reply };
    };
  }

  // ---- request chains -------------------------------------------------------------------------

  /**
   * One storage RPC to a given node, onion-routed; path failures are retried on other paths within
   * the budget; the node's own answer (any status) is returned, except 406 (resync, retry once).
   */
  async rpcToNode(
    dest: SnodeRecord,
    method: string,
    params: object,
    opts: RequestOptions | AbortSignal = {},
    internal = false,
  ): Promise<SnodeReply> {
    const o = opts instanceof AbortSignal ? { signal: opts } : opts;
    if (!internal) await this.bootstrap(o.signal);
    const budget = this.budget(o.kind ?? 'control');
    const chain = newChain(o.signal);
    const rpc = { method, params };
    return hedged<SnodeReply>({
      budget: { ...budget, hedgeAfterMs: budget.totalMs }, // one destination: no hedge, just retries
      signal: o.signal,
      attempt: async (_n, signal) => {
        let path;
        try {
          path = this.choosePath(dest.ed25519, chain);
        } catch (e) {
          return { ok: false, retry: false, error: asSessionError(e) };
        }
        const r = await this.sendOnce(
          path,
          dest,
          (p) => buildSnodeOnion(p, dest, rpc, 'aes-gcm', this.preparedLayers(p, dest.x25519)),
          async (built, body) => {
            const reply = await openSnodeReply(built, body);
            if (reply.status === 406 || reply.status === 425)
              return {
                value: reply,
                failure: { kind: 'destination', status: reply.status, text: reply.text },
              };
            return { value: reply };
          },
          method,
          budget,
          chain,
          signal,
        );
        // The destination is fixed: path failures are retried on another path, but when the node
        // itself failed, the caller (who chose it) decides what to do next.
        chain.tried.clear();
        chain.slow.clear();
        if (!r.ok && (r.failure === 'destination' || r.failure === 'bad-reply'))
          return { ...r, retry: false };
        return r;
      },
      onExhausted: (last) => last ?? new SessionError('TIMEOUT', `no answer from node ${dest.ip}`),
    });
  }

  /** The swarm of an account, computed from the pool's swarm ids (§3.2). */
  swarmOf(accountId: string): SnodeRecord[] {
    return this.pool.swarmOf(accountId);
  }

  /**
   * A storage RPC to an account's swarm: a random member, another member when one fails or is slow
   * (hedged), a 421 replaces the swarm with the one in its body (§3.4) and updates the pool. The
   * params may depend on the member (retrieve's last_hash) and are rebuilt per attempt (a resync
   * changes the timestamp); a store's data never changes, so every attempt stores the same hash.
   */
  async rpcToSwarm(
    accountId: string,
    method: string,
    params: object | ((node: SnodeRecord) => object | Promise<object>),
    opts: RequestOptions | AbortSignal = {},
  ): Promise<SnodeReply & { node: SnodeRecord }> {
    const o = opts instanceof AbortSignal ? { signal: opts } : opts;
    await this.bootstrap(o.signal);
    const budget = this.budget(
      o.kind ?? (method === 'store' ? 'store' : method === 'retrieve' ? 'retrieve' : 'control'),
    );
    const chain = newChain(o.signal);
    for (const ed of o.preferNot ?? []) chain.slow.add(ed);
    let members = this.swarmOf(accountId);
    if (members.length === 0) throw new SessionError('NETWORK_UNREACHABLE', 'the node pool knows no swarm');
    let redirects = 0;

    const pickMember = (): SnodeRecord | undefined => {
      const live = members.filter((m) => !this.pool.isDropped(m.ed25519) && !chain.tried.has(m.ed25519));
      // Prefer a member that is neither busy with a parallel attempt nor was slow in this chain: a
      // timeout may have been a dead relay's, so a slow member stays a last resort.
      const tiers = [
        live.filter((m) => !chain.busyDest.has(m.ed25519) && !chain.slow.has(m.ed25519)),
        live.filter((m) => !chain.slow.has(m.ed25519)),
        live,
      ];
      const tier = tiers.find((t) => t.length > 0) ?? [];
      // and of those, one with the fewest strikes (a dead member keeps collecting them)
      const least = Math.min(...tier.map((m) => this.nodeStrikes.count(m.ed25519)));
      const from = tier.filter((m) => this.nodeStrikes.count(m.ed25519) === least);
      return from.length > 0 ? from[this.random(from.length)] : undefined;
    };

    try {
      return await hedged<SnodeReply & { node: SnodeRecord }>({
        budget,
        signal: o.signal,
        attempt: async (_n, signal) => {
          const node = pickMember();
          if (!node) {
            return {
              ok: false,
              retry: false,
              error:
                chain.last ??
                new SessionError(
                  'NETWORK_UNREACHABLE',
                  `no member of the swarm of ${accountId.slice(0, 10)}… answered`,
                ),
            };
          }
          let path;
          try {
            path = this.choosePath(node.ed25519, chain);
          } catch (e) {
            return { ok: false, retry: false, error: asSessionError(e) };
          }
          const p =
            typeof params === 'function'
              ? await (params as (n: SnodeRecord) => object | Promise<object>)(node)
              : params;
          const r = await this.sendOnce(
            path,
            node,
            (pp) =>
              buildSnodeOnion(
                pp,
                node,
                { method, params: p },
                'aes-gcm',
                this.preparedLayers(pp, node.x25519),
              ),
            this.snodeOpen(o.check ? (reply) => o.check!(reply, node) : undefined),
            method,
            budget,
            chain,
            signal,
          );
          if (r.ok) return { ok: true, value: { ...r.value, node } };
          if (isSessionError(r.error, 'WRONG_SWARM')) {
            // §3.4: the 421 body is the account's swarm. The answering node is not in it.
            chain.tried.add(node.ed25519);
            this.pool.leftSwarm(node.ed25519, this.pool.swarmOf(accountId));
            if (++redirects > 3) return { ok: false, retry: false, error: r.error };
            const body = chain.lastBody;
            if (body) {
              try {
                const swarm = parseSwarmBody(body);
                if (swarm.snodes.length > 0) {
                  members = this.pool.learnSwarm(swarm.swarmHex, swarm.snodes);
                  this.savePool();
                  this.log(
                    `421: the swarm of ${accountId.slice(0, 10)}… is now ${members.map((m) => m.ip).join(', ')}`,
                  );
                }
              } catch {
                // a 421 without a usable swarm: only the answering node is given up
              }
            }
            return { ok: false, retry: true, error: r.error };
          }
          return r;
        },
        onHedge: () => {
          this.stats.hedges++;
          this.log(`${method}: no answer after ${budget.hedgeAfterMs} ms, trying another member in parallel`);
        },
        onExhausted: (last) => last ?? new SessionError('TIMEOUT', `no member of the swarm answered in time`),
      });
    } catch (e) {
      const err = asSessionError(e);
      if (chain.mayHaveReached && o.unknownOutcome && err.code !== 'INTERRUPTED') {
        throw new SessionError(
          o.unknownOutcome,
          `${method}: no swarm member confirmed, but the request may have reached one (${err.message})`,
          {
            cause: err,
            hint: 'the recipient may have it: check before sending again (a new send is a new message)',
          },
        );
      }
      throw err;
    }
  }

  /**
   * §7: `info` to 3 random nodes, offset = t − midpoint of the exchange, median. One dead node must
   * not hold the whole process up: each asks once with a short budget, and the resync settles
   * shortly after the first answer.
   */
  async resyncClock(avoid?: SnodeRecord, signal?: AbortSignal): Promise<void> {
    this.stats.clockResyncs++;
    const exclude = new Set<string>(avoid ? [avoid.ed25519] : []);
    const nodes = this.pool.pick(3, exclude, false);
    const samples = new NetworkClock(() => this.clockState.localNow());
    const ac = new AbortController();
    const onAbort = () => ac.abort();
    signal?.addEventListener('abort', onAbort, { once: true });
    let grace: ReturnType<typeof setTimeout> | undefined;
    try {
      await new Promise<void>((resolve) => {
        let pending = nodes.length;
        if (pending === 0) resolve();
        for (const n of nodes) {
          const sentAt = this.clockState.localNow();
          this.rpcToNode(n, 'info', {}, { signal: ac.signal, kind: 'clock' }, true)
            .then((r) => {
              if (r.status !== 200) return;
              samples.learn(parseInfoBody(r.body).t, sentAt);
              grace ??= setTimeout(resolve, CLOCK_GRACE_MS);
            })
            .catch(() => undefined) // one silent node does not stop the others
            .finally(() => {
              if (--pending === 0) resolve();
            });
        }
      });
    } finally {
      clearTimeout(grace);
      signal?.removeEventListener('abort', onAbort);
      ac.abort(); // the stragglers
    }
    if (signal?.aborted) throw new SessionError('INTERRUPTED', 'interrupted');
    if (samples.samples > 0) {
      this.clockState.adopt(samples);
      this.clockSynced = true;
      this.saveClock();
      this.log(`network clock: offset ${this.clockState.offsetMs()} ms from ${samples.samples} node(s)`);
    } else if (!this.clockSynced) {
      this.log('network clock: no node answered; using the local clock');
      this.clockSynced = true;
    }
  }

  /** A v4 request to an HTTP server (file server by default) through an onion path. */
  async v4ToServer(
    req: V4Request,
    opts: RequestOptions | AbortSignal = {},
    server?: ServerDestination,
  ): Promise<V4Response> {
    const o = opts instanceof AbortSignal ? { signal: opts } : opts;
    await this.bootstrap(o.signal);
    const fs = this.o.config.fileServer;
    const dest: ServerDestination = server ?? {
      host: fs.host,
      port: fs.port,
      protocol: fs.protocol,
      x25519Hex: fs.x25519Hex,
    };
    const budget = this.budget(o.kind ?? 'server');
    const chain = newChain(o.signal);
    return hedged<V4Response>({
      budget: { ...budget, hedgeAfterMs: budget.totalMs }, // bodies can be large: retry, never hedge
      signal: o.signal,
      attempt: async (_n, signal) => {
        let path;
        try {
          path = this.choosePath(undefined, chain);
        } catch (e) {
          return { ok: false, retry: false, error: asSessionError(e) };
        }
        return this.sendOnce(
          path,
          undefined,
          (p) => buildServerOnion(p, dest, req, this.preparedLayers(p, dest.x25519Hex)),
          async (built, body) => {
            const r = await openServerReply(built, body);
            return r.code === 425
              ? { value: r, failure: { kind: 'destination', status: 425, text: 'clock out of sync' } }
              : { value: r };
          },
          `${req.method} ${dest.host}${req.endpoint.split('?')[0]}`,
          budget,
          chain,
          signal,
        );
      },
    });
  }
}

function asSessionError(e: unknown): SessionError {
  return e instanceof SessionError
    ? e
    : new SessionError('INTERNAL', String((e as Error)?.message ?? e), { cause: e });
}
