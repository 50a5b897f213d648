import { describe, expect, it } from 'vitest';
import { ed25519KeyPairFromSeed, sign } from '../../src/crypto/keys.js';
import { fromHex, toBase64, toHex, utf8 } from '../../src/encoding/bytes.js';
import type { SessionError } from '../../src/errors.js';
import { isSessionError } from '../../src/errors.js';
import type { SnodeReply } from '../../src/network/onion-request.js';
import type { SnodeRecord } from '../../src/network/pool.js';
import type { RequestOptions, SessionNetwork } from '../../src/network/session-network.js';
import { messageHash } from '../../src/rpc/message-hash.js';
import {
  deleteMessagesVerified,
  resultMessages,
  shortenExpiryVerified,
  storeMessage,
  type AccountSigner,
} from '../../src/rpc/storage.js';

/**
 * §6.5 on the client side, with a stand-in network that hands `storeMessage`/`delete`/`expire`
 * crafted replies: a result counts only when a member of the account's swarm signed exactly what
 * it should; anything else is a bad reply (the node is struck and another one asked).
 */
interface Key {
  ed: string;
  sk: Uint8Array;
}
async function key(b: number): Promise<Key> {
  const kp = await ed25519KeyPairFromSeed(new Uint8Array(32).fill(b));
  return { ed: toHex(kp.publicKey), sk: kp.secretKey };
}
const rec = (k: Key): SnodeRecord => ({ ip: '10.0.0.1', port: 1, ed25519: k.ed, x25519: k.ed, swarm: '1' });

/** A network whose swarm is `members`, answering every request with `reply(params)`. */
function fakeNet(members: Key[], reply: (params: Record<string, unknown>) => Promise<unknown>) {
  const checks: { ok: boolean; error?: SessionError }[] = [];
  const net = {
    now: () => 1_700_000_000_000,
    swarmOf: () => members.map(rec),
    rpcToSwarm: async (
      _account: string,
      _method: string,
      params: object | (() => object | Promise<object>),
      opts: RequestOptions,
    ) => {
      const p = (typeof params === 'function' ? await (params as () => Promise<object>)() : params) as Record<
        string,
        unknown
      >;
      const body = await reply(p);
      const r: SnodeReply = { status: 200, body, text: JSON.stringify(body) };
      const node = rec(members[0]!);
      try {
        await opts.check?.(r, node);
        checks.push({ ok: true });
      } catch (e) {
        checks.push({ ok: false, error: e as SessionError });
        throw e;
      }
      return { ...r, node };
    },
  };
  return { net: net as unknown as SessionNetwork, checks };
}

const to = `05${'ab'.repeat(32)}`;
const data = utf8('hello');

describe('store results (§6.5)', () => {
  it('counts only valid signatures of swarm members over the locally computed hash', async () => {
    const [m1, m2, outsider] = await Promise.all([key(1), key(2), key(9)]);
    const h = await messageHash(fromHex(to), 0, data);
    const { net } = fakeNet([m1, m2], async () => ({
      hash: h,
      swarm: {
        [m1.ed]: { hash: h, signature: toBase64(await sign(utf8(h), m1.sk)), expiry: 1 },
        [m2.ed]: { hash: h, signature: toBase64(await sign(utf8('something else'), m2.sk)) },
        [outsider.ed]: { hash: h, signature: toBase64(await sign(utf8(h), outsider.sk)) },
      },
    }));
    const r = await storeMessage(net, { to, namespace: 0, data, ttl: 60_000 });
    expect(r.hash).toBe(h);
    expect(r.confirmations).toBe(1);
    expect(r.failed.map((f) => f.reason).sort()).toEqual(['bad signature', 'not a member of the swarm']);
  });

  it('a reply whose only valid signature is an outsider’s is a bad signature (the node is not trusted)', async () => {
    const [m1, outsider] = await Promise.all([key(1), key(9)]);
    const h = await messageHash(fromHex(to), 0, data);
    const { net, checks } = fakeNet([m1], async () => ({
      hash: h,
      swarm: { [outsider.ed]: { hash: h, signature: toBase64(await sign(utf8(h), outsider.sk)) } },
    }));
    await expect(storeMessage(net, { to, namespace: 0, data, ttl: 60_000 })).rejects.toSatisfy((e) =>
      isSessionError(e, 'BAD_SIGNATURE'),
    );
    expect(checks[0]!.ok).toBe(false);
  });

  it('a hash other than the locally computed one is a bad reply, even when signed', async () => {
    const m1 = await key(1);
    const wrong = await messageHash(fromHex(to), 0, utf8('another message'));
    const { net } = fakeNet([m1], async () => ({
      hash: wrong,
      swarm: { [m1.ed]: { hash: wrong, signature: toBase64(await sign(utf8(wrong), m1.sk)) } },
    }));
    await expect(storeMessage(net, { to, namespace: 0, data, ttl: 60_000 })).rejects.toSatisfy((e) =>
      isSessionError(e, 'BAD_REPLY'),
    );
  });

  it('a member that signs the right hash under another claimed hash field does not count', async () => {
    const m1 = await key(1);
    const h = await messageHash(fromHex(to), 0, data);
    const { net } = fakeNet([m1], async () => ({
      swarm: { [m1.ed]: { hash: 'x'.repeat(43), signature: toBase64(await sign(utf8(h), m1.sk)) } },
    }));
    await expect(storeMessage(net, { to, namespace: 0, data, ttl: 60_000 })).rejects.toSatisfy((e) =>
      isSessionError(e, 'BAD_SIGNATURE'),
    );
  });
});

describe('delete and expire results (§6.5)', () => {
  const me: AccountSigner = { accountId: to, ed25519Pk: new Uint8Array(32), ed25519Sk: new Uint8Array(64) };
  const h1 = '4sMyAuaZlMwww3oFvfhazfw7ASx/7TDtO+TVc8aAjHs';
  const h2 = 'MNMvcJftLpEmkC5rcENyXu/R0gqOJ1eW24SiC5ZVC3c';

  it('delete: a member’s signature over pubkey + requested + sorted deleted counts; a forged one does not', async () => {
    const kp = await ed25519KeyPairFromSeed(new Uint8Array(32).fill(7));
    const signer = { ...me, ed25519Pk: kp.publicKey, ed25519Sk: kp.secretKey };
    const [m1, m2] = await Promise.all([key(1), key(2)]);
    const { net } = fakeNet([m1, m2], async () => ({
      swarm: {
        [m1.ed]: {
          deleted: [h2, h1],
          signature: toBase64(await sign(utf8(resultMessages.delete(to, [h1, h2], [h1, h2])), m1.sk)),
        },
        // signed a different deletion than it reports
        [m2.ed]: {
          deleted: [h1, h2],
          signature: toBase64(await sign(utf8(resultMessages.delete(to, [h1, h2], [])), m2.sk)),
        },
      },
    }));
    const r = await deleteMessagesVerified(net, signer, [h1, h2]);
    expect(r.confirmed).toEqual([m1.ed]);
    expect(r.failed).toEqual([{ node: m2.ed, reason: 'bad signature' }]);
    expect(r.hashes.sort()).toEqual([h1, h2].sort());
  });

  it('delete: no verified member at all is a failure, not a silent success', async () => {
    const kp = await ed25519KeyPairFromSeed(new Uint8Array(32).fill(7));
    const signer = { ...me, ed25519Pk: kp.publicKey, ed25519Sk: kp.secretKey };
    const m1 = await key(1);
    const { net } = fakeNet([m1], async () => ({ swarm: { [m1.ed]: { failed: true, timeout: true } } }));
    await expect(deleteMessagesVerified(net, signer, [h1])).rejects.toSatisfy((e) =>
      isSessionError(e, 'BAD_SIGNATURE'),
    );
  });

  it('expire: the signature covers the applied expiry, requested, updated and unchanged hashes', async () => {
    const kp = await ed25519KeyPairFromSeed(new Uint8Array(32).fill(7));
    const signer = { ...me, ed25519Pk: kp.publicKey, ed25519Sk: kp.secretKey };
    const [m1, m2] = await Promise.all([key(1), key(2)]);
    const applied = 1_700_000_100_000;
    const good = resultMessages.expire(to, applied, [h1, h2], [h1], { [h2]: 5 });
    const { net } = fakeNet([m1, m2], async () => ({
      swarm: {
        [m1.ed]: {
          updated: [h1],
          unchanged: { [h2]: 5 },
          expiry: applied,
          signature: toBase64(await sign(utf8(good), m1.sk)),
        },
        // claims another applied expiry than it signed
        [m2.ed]: {
          updated: [h1],
          unchanged: { [h2]: 5 },
          expiry: applied + 1,
          signature: toBase64(await sign(utf8(good), m2.sk)),
        },
      },
    }));
    const r = await shortenExpiryVerified(net, signer, [h1, h2], applied);
    expect(r.confirmed).toEqual([m1.ed]);
    expect(r.failed[0]!.node).toBe(m2.ed);
    expect(good).toBe(`${to}${applied}${h1}${h2}${h1}${h2}5`);
  });
});
