import { describe, expect, it } from 'vitest';
import { NodePool } from '../../src/network/node-pool.js';
import { PATH_COUNT, PATH_HOPS, PathSet, pathKey, type PathChoice } from '../../src/network/paths.js';
import type { SnodeRecord } from '../../src/network/pool.js';

/** Onion path bookkeeping (network.md §5): restore, removal, ranking and the rebuild rules. */
function node(i: number, ip = `10.0.${i}.1`): SnodeRecord {
  const ed = i.toString(16).padStart(2, '0').repeat(32);
  return { ip, port: 22000 + i, ed25519: ed, x25519: ed, swarm: '1' };
}

const none: PathChoice = { exclude: new Set(), avoid: new Set(), busy: new Set() };
const eds = (p: readonly SnodeRecord[] | undefined) => (p ?? []).map((n) => n.ed25519);

function setup(n = 12, strikes: (ed: string) => number = () => 0, pathStrikes?: (k: string) => number) {
  const pool = new NodePool();
  pool.replace(
    Array.from({ length: n }, (_, i) => node(i + 1)),
    0,
  );
  const lines: string[] = [];
  const paths = new PathSet(pool, strikes, pathStrikes, (l) => lines.push(l));
  return { pool, paths, lines };
}

describe('PathSet bookkeeping', () => {
  it('constants and pathKey', () => {
    expect(PATH_COUNT).toBe(2);
    expect(PATH_HOPS).toBe(3);
    expect(pathKey([node(1), node(2)])).toBe(`${node(1).ed25519},${node(2).ed25519}`);
  });

  it('restore keeps saved paths of 3 known nodes, at most 2; save gives them back', () => {
    const { paths } = setup();
    const a = [1, 2, 3].map((i) => node(i).ed25519);
    const b = [4, 5, 6].map((i) => node(i).ed25519);
    const c = [7, 8, 9].map((i) => node(i).ed25519);
    paths.restore([
      [node(1).ed25519, node(2).ed25519], // too short
      [...a, node(10).ed25519], // too long
      [node(1).ed25519, 5, node(3).ed25519], // not a key
      [node(1).ed25519, 'f'.repeat(64), node(3).ed25519], // unknown node
      'nope',
      a,
      b,
      c,
    ]);
    expect(paths.save()).toEqual([a, b]);
    expect(paths.list().map(eds)).toEqual([a, b]);
    paths.restore({ not: 'a list' });
    expect(paths.save()).toEqual([a, b]);
    paths.restore([]);
    expect(paths.save()).toEqual([]);
  });

  it('remove drops one path; removeNode every path through the node', () => {
    const { paths } = setup();
    const a = [1, 2, 3].map((i) => node(i).ed25519);
    const b = [4, 5, 6].map((i) => node(i).ed25519);
    paths.restore([a, b]);
    paths.removeNode(node(7).ed25519);
    expect(paths.save()).toEqual([a, b]);
    paths.removeNode(node(5).ed25519);
    expect(paths.save()).toEqual([a]);
    paths.restore([a, b]);
    paths.remove([node(4), node(5), node(6)]);
    expect(paths.save()).toEqual([a]);
    paths.remove([node(9), node(8), node(7)]);
    expect(paths.save()).toEqual([a]);
  });

  it('a full set is not rebuilt; building is logged and counted', () => {
    const { paths, lines } = setup();
    paths.pick(none);
    expect(paths.builds).toBe(2);
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatch(
      /^built onion path 10\.0\.\d+\.1:\d+ -> 10\.0\.\d+\.1:\d+ -> 10\.0\.\d+\.1:\d+$/,
    );
    const before = paths.save();
    for (let i = 0; i < 5; i++) paths.pick(none);
    expect(paths.builds).toBe(2);
    expect(paths.save()).toEqual(before);
    // the two paths share no node
    expect(new Set(before.flat()).size).toBe(6);
  });
});

describe('PathSet.pick', () => {
  it('a busy path is used only when there is no other; then the least struck path', () => {
    const a = [1, 2, 3].map((i) => node(i).ed25519);
    const b = [4, 5, 6].map((i) => node(i).ed25519);
    const { paths } = setup();
    paths.restore([a, b]);
    for (let i = 0; i < 10; i++)
      expect(eds(paths.pick({ ...none, busy: new Set([a.join(',')]) }))).toEqual(b);
    for (let i = 0; i < 10; i++)
      expect(eds(paths.pick({ ...none, busy: new Set([b.join(',')]) }))).toEqual(a);
    const struck = setup(
      12,
      () => 0,
      (k) => (k === a.join(',') ? 1 : 0),
    );
    struck.paths.restore([a, b]);
    for (let i = 0; i < 10; i++) expect(eds(struck.paths.pick(none))).toEqual(b);
    // busy outweighs a few strikes
    for (let i = 0; i < 10; i++)
      expect(eds(struck.paths.pick({ ...none, busy: new Set([b.join(',')]) }))).toEqual(a);
  });

  it('a path with a dropped node is forgotten before picking', () => {
    const a = [1, 2, 3].map((i) => node(i).ed25519);
    const b = [4, 5, 6].map((i) => node(i).ed25519);
    const { pool, paths } = setup();
    paths.restore([a, b]);
    pool.drop(node(2).ed25519);
    const p = paths.pick(none);
    expect(paths.save()).not.toContainEqual(a);
    expect(paths.save()).toContainEqual(b);
    expect(paths.save()).toHaveLength(2);
    expect(eds(p)).not.toContain(node(2).ed25519);
  });

  it('when every path touches a failed node, the new path replaces a failed one, not the other', () => {
    const a = [1, 2, 3].map((i) => node(i).ed25519);
    const b = [4, 5, 6].map((i) => node(i).ed25519);
    const { paths } = setup();
    paths.restore([a, b]);
    // a holds the destination (unusable here), b a failed node: b is replaced, a kept
    const p = paths.pick({ ...none, exclude: new Set([node(2).ed25519]), avoid: new Set([node(5).ed25519]) });
    expect(p).toBeDefined();
    expect(paths.save()).toContainEqual(a);
    expect(paths.save()).not.toContainEqual(b);
    expect(paths.save()).toHaveLength(2);
    expect(eds(p).some((e) => a.includes(e) || e === node(5).ed25519)).toBe(false);
  });

  it('the replacement shares neither a node nor a /24 with the kept path (pool of shared /24s)', () => {
    for (let round = 0; round < 20; round++) {
      // 18 nodes, two per /24: after two paths, three /24s are still free
      const pool = new NodePool();
      pool.replace(
        Array.from({ length: 18 }, (_, i) => node(i + 1, `10.0.${i % 9}.${i + 1}`)),
        0,
      );
      const paths = new PathSet(pool, () => 0);
      paths.pick(none);
      const [a, b] = paths.list().map((p) => [...p]) as [SnodeRecord[], SnodeRecord[]];
      const subnet = (n: SnodeRecord) => n.ip.split('.').slice(0, 3).join('.');
      // the two paths use six different /24s
      expect(new Set([...a, ...b].map(subnet)).size).toBe(6);
      const p = paths.pick({ ...none, exclude: new Set([a[1]!.ed25519]), avoid: new Set([b[1]!.ed25519]) })!;
      expect(paths.save()).toContainEqual(eds(a));
      const aSubnets = new Set(a.map(subnet));
      expect(p.some((n) => aSubnets.has(subnet(n)))).toBe(false);
    }
  });

  it('a kept path is used when nothing new can be built, even if it touches a failed node', () => {
    // three nodes in one /24: a saved path still restores (restore does not check /24s)
    const pool = new NodePool();
    pool.replace(
      [1, 2, 3].map((i) => node(i, `10.7.7.${i}`)),
      0,
    );
    const paths = new PathSet(pool, () => 0);
    const a = [1, 2, 3].map((i) => node(i).ed25519);
    paths.restore([a]);
    expect(eds(paths.pick(none))).toEqual(a);
    expect(eds(paths.pick({ ...none, avoid: new Set([node(1).ed25519]) }))).toEqual(a);
    expect(paths.save()).toEqual([a]);
    expect(paths.builds).toBe(0);
  });

  it('when both paths are only unusable for this destination, the first is replaced', () => {
    const a = [1, 2, 3].map((i) => node(i).ed25519);
    const b = [4, 5, 6].map((i) => node(i).ed25519);
    const { paths } = setup();
    paths.restore([a, b]);
    const p = paths.pick({ ...none, exclude: new Set([node(2).ed25519, node(5).ed25519]) });
    expect(paths.save()).toEqual([b, eds(p)]);
  });

  it('a small network: paths share nodes rather than not exist', () => {
    const { paths } = setup(4);
    const p = paths.pick(none);
    expect(p).toHaveLength(3);
    expect(paths.list()).toHaveLength(2);
    expect(paths.builds).toBe(2);
    // a rebuild avoiding failed nodes may reuse nodes of the kept path
    const q = paths.pick({
      ...none,
      avoid: new Set(
        paths
          .list()
          .flat()
          .map((n) => n.ed25519),
      ),
    });
    expect(q).toHaveLength(3);
    // a new path was built (sharing nodes), not an old one handed back
    expect(paths.builds).toBe(3);
  });

  it('struck and avoided nodes are chosen last', () => {
    const struck = new Set([1, 2, 3, 4, 5, 6].map((i) => node(i).ed25519));
    const { paths } = setup(9, (ed) => (struck.has(ed) ? 3 : 0));
    paths.pick(none);
    // 3 unstruck nodes: one path is made of exactly those
    expect(paths.list().some((p) => p.every((n) => !struck.has(n.ed25519)))).toBe(true);
    const av = setup(9);
    const avoid = new Set([1, 2, 3, 4, 5, 6].map((i) => node(i).ed25519));
    const first = av.paths.pick({ ...none, avoid });
    expect(eds(first).every((e) => !avoid.has(e))).toBe(true);
  });

  it('nothing to build from: undefined, and the usable paths are still offered', () => {
    const { paths } = setup(2);
    expect(paths.pick(none)).toBeUndefined();
    const a = [1, 2, 3].map((i) => node(i).ed25519);
    const s = setup(3);
    s.paths.restore([a]);
    // only three nodes: whatever touches the failed node is used anyway rather than nothing
    expect(eds(s.paths.pick({ ...none, avoid: new Set([node(1).ed25519]) })).sort()).toEqual([...a].sort());
    expect(s.paths.pick({ ...none, exclude: new Set([node(1).ed25519]) })).toBeUndefined();
  });

  it('nodes in one /24 never share a path', () => {
    const pool = new NodePool();
    pool.replace([1, 2, 3, 4, 5, 6].map((i) => node(i, `10.9.9.${i}`)).concat([node(7), node(8)]), 0);
    const paths = new PathSet(pool, () => 0);
    const p = paths.pick(none);
    expect(p).toBeDefined();
    expect(new Set(p!.map((n) => n.ip.split('.').slice(0, 3).join('.'))).size).toBe(3);
  });
});
