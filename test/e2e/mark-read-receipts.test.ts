import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startLocalNetwork, type LocalNetwork } from '../helpers/local-network.js';

/**
 * `conversation mark-read --read-receipts`: the sender of a person's conversation is told what
 * became read (their own copies show `readAt`), once; a timer that `message receive` started is
 * left as it is; other kinds refuse the flag. The built CLI against a devnet. (That mark-read
 * starts the timers of messages nothing showed yet: test/store/messages.test.ts.)
 */
let net: LocalNetwork;

beforeAll(async () => {
  net = await startLocalNetwork('e2e-mark-read', ['ann', 'ben']);
}, 120_000);
afterAll(async () => net?.dn.stop());

const own = async (profile: string, peer: string, text: string) =>
  ((await net.cli(['message', 'list', peer], profile)).json.result.messages as any[]).find(
    (m) => m.text === text,
  );

describe('conversation mark-read', () => {
  it('starts after-read timers; --read-receipts tells the sender; other kinds refuse the flag', async () => {
    const { ann, ben } = net.ids as { ann: string; ben: string };
    // ann wrote first: her conversation with ben is accepted (receipts never go to a request)
    expect((await net.cli(['message', 'send', ben, 'hello ben'], 'ann')).code).toBe(0);
    expect((await net.cli(['message', 'send', ann, 'plain answer'], 'ben')).code).toBe(0);
    const s = await net.cli(['message', 'send', ann, 'read me once', '--disappear', 'after-read:1h'], 'ben');
    expect(s.code, s.stderr).toBe(0);
    // shown without receipts: the after-read timer runs, nothing was told
    const got = await net.cli(['message', 'receive'], 'ann');
    expect(got.json.result.messages.map((m: any) => m.text)).toEqual(['plain answer', 'read me once']);
    const timer = (await own('ann', ben, 'read me once')).expiresAt;
    expect(timer).toEqual(expect.any(Number));
    await net.cli(['message', 'receive'], 'ben');
    expect((await own('ben', ann, 'plain answer')).readAt).toBeNull();

    const r = await net.cli(['conversation', 'mark-read', ben, '--read-receipts'], 'ann');
    expect(r.code, r.stderr).toBe(0);
    expect(r.json.result).toMatchObject({ conversation: ben, kind: 'direct', marked: 2, receiptsSent: 1 });
    const read = await own('ann', ben, 'read me once');
    expect(read.readAt).toEqual(expect.any(Number));
    expect(read.expiresAt).toBe(timer); // not started again

    // ben's side: the receipt marks his own copies read
    await net.cli(['message', 'receive'], 'ben');
    expect((await own('ben', ann, 'plain answer')).readAt).toEqual(expect.any(Number));
    expect((await own('ben', ann, 'read me once')).readAt).toEqual(expect.any(Number));

    // nothing new to read: no second receipt
    const again = await net.cli(['conversation', 'mark-read', ben, '--read-receipts'], 'ann');
    expect(again.json.result).toMatchObject({ marked: 0, receiptsSent: 0 });

    for (const other of ['03' + 'e'.repeat(64), '15' + 'e'.repeat(64), 'https://example.org/room']) {
      const x = await net.cli(['conversation', 'mark-read', other, '--read-receipts'], 'ann');
      expect(x.code, other).toBe(2);
      expect(x.json.error.code).toBe('INVALID_INPUT');
    }
  }, 180_000);
});
