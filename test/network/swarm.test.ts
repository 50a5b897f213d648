import { describe, expect, it } from 'vitest';
import { fromHex } from '../../src/encoding/bytes.js';
import { closestSwarm, swarmSpace } from '../../src/network/swarm.js';
import { messageHash } from '../../src/rpc/message-hash.js';
import { loadSpecVectors } from '../helpers/spec.js';

const v = loadSpecVectors('network.vectors.json').repo_vectors;

describe(`swarm space (network.md §3.1; source: ${v.swarm_space.source})`, () => {
  for (const [id, space] of v.swarm_space.cases as [string, string][]) {
    it(`${id} -> ${space}`, () => {
      expect(swarmSpace(fromHex(id)).toString()).toBe(String(space));
    });
  }
});

describe(`closest swarm (network.md §3.2; source: ${v.swarm_pick.source})`, () => {
  const base: bigint[] = (v.swarm_pick.swarms as number[]).map((n) => BigInt(n));
  const pick = (last16: string, swarms: bigint[]) =>
    closestSwarm(swarmSpace(fromHex(`05${'0'.repeat(48)}${last16}`)), swarms).toString();

  for (const [last16, expected] of v.swarm_pick.cases as [string, number][]) {
    it(`05…${last16} -> ${expected}`, () => expect(pick(last16, base)).toBe(String(expected)));
  }

  // The note's extra cases: after appending swarm 2^64-20, and after also inserting swarm 0.
  const top = (1n << 64n) - 20n;
  const withTop = [...base, top];
  const extra: [string, bigint[], bigint][] = [
    ['0000000000000027', withTop, top],
    ['0000000000000028', withTop, top],
    ['0000000000000029', withTop, 100n],
    ['ffffffffffffffff', [...withTop, 0n], 0n],
    ['fffffffffffffffe', [...withTop, 0n], 0n],
  ];
  for (const [last16, swarms, expected] of extra) {
    it(`05…${last16} -> ${expected} (${swarms.length} swarms)`, () =>
      expect(pick(last16, swarms)).toBe(expected.toString()));
  }
});

describe(`message hash (network.md §6.9; source: ${v.message_hash.source})`, () => {
  const pk = fromHex(v.message_hash.pubkey);
  const data = new Uint8Array(Buffer.from(v.message_hash.data_base64, 'base64'));
  it('namespace 0', async () => expect(await messageHash(pk, 0, data)).toBe(v.message_hash.hash));
  it('namespace 5 (DERIVED)', async () =>
    expect(await messageHash(pk, 5, data)).toBe(v.message_hash.derived_same_data_ns5));
  it('namespace -10 (DERIVED)', async () =>
    expect(await messageHash(pk, -10, data)).toBe(v.message_hash.derived_same_data_ns_minus10));
});
