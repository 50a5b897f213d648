import { randomInt } from 'node:crypto';
import { fromHex } from '../encoding/bytes.js';
import type { SnodeRecord } from './pool.js';
import { INVALID_SWARM_ID, closestSwarm, swarmSpace } from './swarm.js';

/**
 * The nodes this process knows (network.md §2.3, §3): the pool, the swarm each node is in, and
 * the nodes dropped during this process (never picked again until the pool is refreshed). Swarm
 * ids are compared as 64-bit values: the same id may come as `"f4ff…"` from one source and with
 * leading zeros or upper case from another.
 */
export const POOL_MAX_AGE_MS = 2 * 3600 * 1000;

export function swarmIdOf(n: SnodeRecord): bigint {
  return /^[0-9a-fA-F]{1,16}$/.test(n.swarm) ? BigInt(`0x${n.swarm}`) : INVALID_SWARM_ID;
}

export class NodePool {
  private nodes: SnodeRecord[] = [];
  /** Dropped in this process: excluded from every choice until the next refresh. */
  private readonly dropped = new Set<string>();
  fetchedAt = 0;
  /** A 421 showed that our view of the swarms is wrong: refresh at the next chance. */
  suspect = false;

  constructor(private readonly random: (n: number) => number = randomInt) {}

  get size(): number {
    return this.nodes.length;
  }

  all(): readonly SnodeRecord[] {
    return this.nodes;
  }

  replace(nodes: SnodeRecord[], fetchedAt: number): void {
    this.nodes = nodes.filter((n) => !this.dropped.has(n.ed25519));
    this.fetchedAt = fetchedAt;
    this.suspect = false;
  }

  /** After a refresh from the network: earlier drops are forgiven (§2.4: counters reset). */
  forgiveDrops(): void {
    this.dropped.clear();
  }

  get(ed: string): SnodeRecord | undefined {
    return this.nodes.find((n) => n.ed25519 === ed);
  }

  isDropped(ed: string): boolean {
    return this.dropped.has(ed);
  }

  /** Removes a node for the rest of this process (and from the saved pool). */
  drop(ed: string): boolean {
    this.dropped.add(ed);
    const before = this.nodes.length;
    this.nodes = this.nodes.filter((n) => n.ed25519 !== ed);
    return this.nodes.length !== before;
  }

  stale(now: number): boolean {
    return this.suspect || now - this.fetchedAt >= POOL_MAX_AGE_MS || now < this.fetchedAt;
  }

  /** The members of an account's swarm (§3.2), computed from the pool's swarm ids. */
  swarmOf(accountIdHex: string): SnodeRecord[] {
    const ids = [...new Set(this.nodes.map(swarmIdOf))].filter((s) => s !== INVALID_SWARM_ID);
    if (ids.length === 0) return [];
    const s = closestSwarm(swarmSpace(fromHex(accountIdHex)), ids);
    return this.nodes.filter((n) => swarmIdOf(n) === s);
  }

  /**
   * A 421 (or get_swarm) told us an account's swarm: its members get that swarm id, unknown
   * members join the pool (unless dropped here). Returns the members to use.
   */
  learnSwarm(swarmHex: string, snodes: SnodeRecord[]): SnodeRecord[] {
    const id = /^[0-9a-fA-F]{1,16}$/.test(swarmHex) ? BigInt(`0x${swarmHex}`) : INVALID_SWARM_ID;
    const members: SnodeRecord[] = [];
    for (const s of snodes) {
      if (this.dropped.has(s.ed25519)) continue;
      const rec = { ...s, swarm: id === INVALID_SWARM_ID ? s.swarm : id.toString(16) };
      const i = this.nodes.findIndex((n) => n.ed25519 === s.ed25519);
      if (i === -1) {
        this.nodes.push(rec);
        this.suspect = true;
      } else {
        if (swarmIdOf(this.nodes[i]!) !== swarmIdOf(rec)) this.suspect = true;
        this.nodes[i] = { ...this.nodes[i]!, swarm: rec.swarm };
      }
      members.push(this.get(s.ed25519)!);
    }
    return members;
  }

  /**
   * A node answered 421 for an account we placed in its swarm: its swarm id in our pool is wrong
   * (it moved). Until the next refresh it is no swarm's member, so it is not asked again.
   */
  leftSwarm(ed: string, swarm: readonly SnodeRecord[]): void {
    const i = this.nodes.findIndex((n) => n.ed25519 === ed);
    if (i === -1 || !swarm.some((m) => m.ed25519 === ed)) return;
    this.nodes[i] = { ...this.nodes[i]!, swarm: INVALID_SWARM_ID.toString(16) };
    this.suspect = true;
  }

  /** Up to `n` distinct random nodes, not in `exclude`, one per /24 when `distinctSubnets`. */
  pick(n: number, exclude: ReadonlySet<string> = new Set(), distinctSubnets = true): SnodeRecord[] {
    const out: SnodeRecord[] = [];
    const subnets = new Set<string>();
    for (const node of this.shuffled()) {
      if (out.length >= n) break;
      if (exclude.has(node.ed25519)) continue;
      const s = subnetOf(node.ip);
      if (distinctSubnets && subnets.has(s)) continue;
      subnets.add(s);
      out.push(node);
    }
    return out;
  }

  shuffled(nodes: readonly SnodeRecord[] = this.nodes): SnodeRecord[] {
    return this.shuffle(nodes);
  }

  /** Fisher–Yates with the injected random source. */
  shuffle<T>(items: readonly T[]): T[] {
    const a = [...items];
    for (let i = a.length - 1; i > 0; i--) {
      const j = this.random(i + 1);
      [a[i], a[j]] = [a[j]!, a[i]!];
    }
    return a;
  }
}

/** /24 of an IPv4 address: nodes sharing it never share a path (§5). */
export function subnetOf(ip: string): string {
  return ip.split('.').slice(0, 3).join('.');
}
