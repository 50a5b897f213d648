import { describe, expect, it } from 'vitest';
import { messageHash } from '../../src/rpc/message-hash.js';
import {
  INVALID_SWARM_ID,
  closestSwarm,
  swarmIdFromHex,
  swarmIdToHex,
  swarmSpace,
} from '../../src/network/swarm.js';

/** The account -> swarm mapping's guards (network.md §3.1, §3.2), beside the spec vectors. */
describe('swarm mapping guards', () => {
  it('a swarm space needs the 33-byte account id', () => {
    expect(() => swarmSpace(new Uint8Array(32))).toThrow('account id must be 33 bytes');
    expect(() => swarmSpace(new Uint8Array(34))).toThrow(RangeError);
    expect(swarmSpace(new Uint8Array(33))).toBe(0n);
  });

  it('the invalid id is never a swarm, however close', () => {
    expect(closestSwarm(INVALID_SWARM_ID - 1n, [5n, INVALID_SWARM_ID])).toBe(5n);
    expect(closestSwarm(INVALID_SWARM_ID, [INVALID_SWARM_ID, 1n << 62n])).toBe(1n << 62n);
    expect(() => closestSwarm(1n, [])).toThrow('no swarms');
    expect(() => closestSwarm(1n, [INVALID_SWARM_ID])).toThrow('no swarms');
    // unsorted, duplicated input
    expect(closestSwarm(100n, [300n, 90n, 300n, 1000n])).toBe(90n);
  });

  it('swarm ids to and from hex: 1 to 16 digits, the whole string', () => {
    expect(swarmIdFromHex('00Ff')).toBe(255n);
    expect(swarmIdToHex(255n)).toBe('ff');
    for (const bad of ['', 'x1', '1x', 'g', '1'.repeat(17), ' 1'])
      expect(() => swarmIdFromHex(bad)).toThrow(`invalid swarm id ${bad}`);
  });

  it('a message hash needs the 33-byte account id', async () => {
    await expect(messageHash(new Uint8Array(32), 0, new Uint8Array(1))).rejects.toThrow(
      'account id must be 33 bytes',
    );
    await expect(messageHash(new Uint8Array(33), 0, new Uint8Array(1))).resolves.toHaveLength(43);
  });
});
