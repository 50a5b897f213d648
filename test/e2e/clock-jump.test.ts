import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startLocalNetwork, type LocalNetwork } from '../helpers/local-network.js';

/**
 * The network's clock jumps and comes back (what the soak's "skew-all" fault does, and what a
 * client whose own clock is set wrong sees). A profile keeps the offset it learnt for a while
 * (network/clock cache); when the network is right again, its polls are refused inside the batch
 * (each retrieve answers 406 while the batch itself is 200). It must resync and receive: before,
 * every `message receive` failed with BAD_REPLY until the cached offset aged out, and the soak
 * lost the messages sent meanwhile.
 */
let net: LocalNetwork;
const TWO_HOURS = 2 * 3600_000;

beforeAll(async () => {
  net = await startLocalNetwork('clockjump', ['ann', 'bob'], { nodes: 6, rateLimit: false });
});
afterAll(async () => net?.dn.stop());

describe('a network clock that jumps back and returns', () => {
  it('a receiver holding the old offset resyncs inside the batched poll and gets every message', async () => {
    expect((await net.cli(['message', 'send', net.ids.bob!, 'before'], 'ann')).code).toBe(0);
    expect((await net.cli(['message', 'receive'], 'bob')).code).toBe(0);

    net.dn.skewClock('all', -TWO_HOURS);
    try {
      // both profiles learn the network's new time from a refused store (406 → resync → retry)
      expect((await net.cli(['message', 'send', net.ids.ann!, 'bob while behind'], 'bob')).code).toBe(0);
      expect((await net.cli(['message', 'send', net.ids.bob!, 'ann while behind'], 'ann')).code).toBe(0);
      // and a poll with the new offset works too
      const during = await net.cli(['message', 'receive'], 'bob');
      expect(during.code, during.stderr).toBe(0);
      expect(during.json.result.messages.map((m: { text: string }) => m.text)).toEqual(['ann while behind']);
    } finally {
      net.dn.skewClock('all', 0);
    }
    expect((await net.cli(['message', 'send', net.ids.bob!, 'ann after'], 'ann')).code).toBe(0);

    // bob still holds the -2 h offset: his signed retrieves are refused inside the batch
    const after = await net.cli(['message', 'receive'], 'bob');
    expect(after.code, after.stderr).toBe(0);
    expect(after.json.result.messages.map((m: { text: string }) => m.text)).toEqual(['ann after']);
    const list = await net.cli(['message', 'list', net.ids.ann!], 'bob');
    const incoming = list.json.result.messages.filter((m: { direction: string }) => m.direction === 'in');
    expect(incoming.map((m: { text: string }) => m.text)).toEqual([
      'before',
      'ann while behind',
      'ann after',
    ]);
  }, 180_000);
});
