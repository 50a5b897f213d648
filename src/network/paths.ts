import type { NodePool } from './node-pool.js';
import { subnetOf } from './node-pool.js';
import type { SnodeRecord } from './pool.js';

/**
 * Onion paths (network.md §5): 2 paths of 3 nodes (guard first), no two nodes of a path in one
 * /24, and no /24 shared between paths when the pool allows. A failing path is replaced on its
 * own; the healthy one is kept.
 */
export const PATH_COUNT = 2;
export const PATH_HOPS = 3;

export const pathKey = (p: readonly SnodeRecord[]) => p.map((n) => n.ed25519).join(',');

export interface PathChoice {
  /** Nodes that must not be in the path (the destination, unreachable guards). */
  exclude: ReadonlySet<string>;
  /** Nodes used only when nothing else fits (nodes of paths that failed in this chain). */
  avoid: ReadonlySet<string>;
  /** Paths in use by a parallel attempt: pick another if there is one. */
  busy: ReadonlySet<string>;
}

export class PathSet {
  private paths: SnodeRecord[][] = [];
  builds = 0;

  constructor(
    private readonly pool: NodePool,
    /** Node strike counts: struck nodes are chosen last. */
    private readonly strikesOf: (ed: string) => number,
    /** Path strike counts: of the kept paths, the least struck is used. */
    private readonly pathStrikesOf: (key: string) => number = () => 0,
    private readonly log: (line: string) => void = () => undefined,
  ) {}

  list(): readonly SnodeRecord[][] {
    return this.paths;
  }

  /** Paths saved by an earlier process, kept if all their nodes are still in the pool. */
  restore(saved: unknown): void {
    if (!Array.isArray(saved)) return;
    this.paths = saved
      .filter((p): p is unknown[] => Array.isArray(p) && p.length === PATH_HOPS)
      .map((p) => p.map((ed) => (typeof ed === 'string' ? this.pool.get(ed) : undefined)))
      .filter((p): p is SnodeRecord[] => p.every((n) => n !== undefined))
      .slice(0, PATH_COUNT);
  }

  save(): string[][] {
    return this.paths.map((p) => p.map((n) => n.ed25519));
  }

  remove(path: readonly SnodeRecord[]): void {
    const k = pathKey(path);
    this.paths = this.paths.filter((p) => pathKey(p) !== k);
  }

  /** Forgets every path through a node (dropped from the pool). */
  removeNode(ed: string): void {
    this.paths = this.paths.filter((p) => !p.some((n) => n.ed25519 === ed));
  }

  /** A usable path for this choice; missing paths are built first. Undefined if none can be. */
  pick(c: PathChoice): SnodeRecord[] | undefined {
    this.paths = this.paths.filter((p) => p.every((n) => !this.pool.isDropped(n.ed25519)));
    if (this.paths.length < PATH_COUNT) this.fill(c);
    const usable = this.paths.filter((p) => !p.some((n) => c.exclude.has(n.ed25519)));
    const clean = usable.filter((p) => !p.some((n) => c.avoid.has(n.ed25519)));
    const best = this.best(clean, c);
    if (best && !c.busy.has(pathKey(best))) return best;
    if (best) {
      // Every path that fits is busy: this is a hedge while the first attempt still waits. On the
      // same path it would wait for the same silent hop (a hung relay), so it gets a path of its
      // own that shares no node with the busy ones, for this attempt only (the kept paths stay).
      const busyNodes = this.paths
        .filter((p) => c.busy.has(pathKey(p)))
        .flatMap((p) => p.map((n) => n.ed25519));
      return this.build({ ...c, exclude: new Set([...c.exclude, ...busyNodes]) }, new Set(), true) ?? best;
    }
    // Every kept path touches the destination or a node that failed in this chain: build one
    // that does not (a third rebuild of the same path would fail the same way). It replaces a
    // path that touches a failed node, never one that is only unusable for this destination.
    const built =
      this.build(c, new Set(this.paths.flatMap((p) => p.map((n) => subnetOf(n.ip))))) ??
      this.build(c, new Set(), true);
    if (built) {
      if (this.paths.length >= PATH_COUNT) {
        const failed = this.paths.findIndex((p) => p.some((n) => c.avoid.has(n.ed25519)));
        this.paths.splice(failed === -1 ? 0 : failed, 1);
      }
      this.paths.push(built);
      return built;
    }
    return this.best(usable, c);
  }

  /** Of these paths: not busy first, then fewest path strikes, then fewest node strikes, then at random. */
  private best(ps: SnodeRecord[][], c: PathChoice): SnodeRecord[] | undefined {
    if (ps.length === 0) return undefined;
    const ranked = this.pool
      .shuffle(ps)
      .map((p, i) => ({
        p,
        i,
        r:
          (c.busy.has(pathKey(p)) ? 100 : 0) +
          this.pathStrikesOf(pathKey(p)) * 10 +
          p.reduce((sum, n) => sum + Math.min(this.strikesOf(n.ed25519), 9), 0),
      }))
      .sort((a, b) => a.r - b.r || a.i - b.i);
    return ranked[0]!.p;
  }

  private fill(c: PathChoice): void {
    while (this.paths.length < PATH_COUNT) {
      const usedSubnets = new Set(this.paths.flatMap((p) => p.map((n) => subnetOf(n.ip))));
      const p = this.build(c, usedSubnets) ?? this.build(c, new Set()) ?? this.build(c, new Set(), true);
      if (!p) break;
      this.paths.push(p);
    }
  }

  /** One new path: random, unstruck nodes first, avoided nodes last, distinct /24s. */
  private build(c: PathChoice, usedSubnets: ReadonlySet<string>, share = false): SnodeRecord[] | undefined {
    // A small network may not have enough nodes for disjoint paths: then paths may share nodes.
    const inPaths = new Set(share ? [] : this.paths.flatMap((p) => p.map((n) => n.ed25519)));
    const rank = (n: SnodeRecord) =>
      (c.avoid.has(n.ed25519) ? 100 : 0) + Math.min(this.strikesOf(n.ed25519), 9);
    const candidates = this.pool
      .shuffled()
      .filter((n) => !c.exclude.has(n.ed25519) && !this.pool.isDropped(n.ed25519) && !inPaths.has(n.ed25519))
      .map((n, i) => ({ n, r: rank(n), i }))
      .sort((a, b) => a.r - b.r || a.i - b.i)
      .map((x) => x.n);
    const path: SnodeRecord[] = [];
    const subnets = new Set(usedSubnets);
    for (const n of candidates) {
      const s = subnetOf(n.ip);
      if (subnets.has(s)) continue;
      subnets.add(s);
      path.push(n);
      if (path.length === PATH_HOPS) break;
    }
    if (path.length < PATH_HOPS) return undefined;
    this.builds++;
    this.log(`built onion path ${path.map((n) => `${n.ip}:${n.port}`).join(' -> ')}`);
    return path;
  }
}
