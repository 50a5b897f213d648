import { beforeAll, describe, expect, it } from 'vitest';
import { ed25519KeyPairFromSeed, sign, verify } from '../../src/crypto/keys.js';
import { fromBase64, fromHex, toBase64, toHex, utf8 } from '../../src/encoding/bytes.js';
import { isSessionError, SessionError } from '../../src/errors.js';
import { deriveIdentity } from '../../src/identity/keys.js';
import type { SnodeReply } from '../../src/network/onion-request.js';
import type { SnodeRecord } from '../../src/network/pool.js';
import type { RequestOptions, SessionNetwork } from '../../src/network/session-network.js';
import { messageHash } from '../../src/rpc/message-hash.js';
import {
  batch,
  deleteMessages,
  deleteMessagesVerified,
  resultMessages,
  retrieveMessages,
  shortenExpiry,
  shortenExpiryVerified,
  signatureMessages,
  storeMessage,
  type AccountSigner,
} from '../../src/rpc/storage.js';

/**
 * src/rpc/storage.ts against a fake SessionNetwork: the exact params sent, the signed strings, and
 * every refusal of a member's answer (§6.3, §6.5). The fake answers with what a test scripts and
 * runs the caller's `check` like the real network does before accepting a reply.
 */
interface Call {
  accountId: string;
  method: string;
  params: Record<string, unknown>;
  opts: RequestOptions;
}

interface Member {
  rec: SnodeRecord;
  sk: Uint8Array;
}

async function member(i: number): Promise<Member> {
  const kp = await ed25519KeyPairFromSeed(new Uint8Array(32).fill(i + 1));
  const ed = toHex(kp.publicKey);
  return {
    rec: { ip: `10.0.${i}.1`, port: 20000 + i, ed25519: ed, x25519: ed, swarm: 'aa' },
    sk: kp.secretKey,
  };
}

class FakeNet {
  calls: Call[] = [];
  nodeCalls: { node: SnodeRecord; method: string; params: object; opts: unknown }[] = [];
  constructor(
    public members: SnodeRecord[],
    public answer: (call: Call, node: SnodeRecord) => SnodeReply | Promise<SnodeReply>,
    public answeredBy: SnodeRecord,
    public clock = 1_700_000_000_123,
  ) {}

  now(): number {
    return this.clock;
  }

  swarmOf(): SnodeRecord[] {
    return this.members;
  }

  async rpcToSwarm(
    accountId: string,
    method: string,
    params: object | ((node: SnodeRecord) => object | Promise<object>),
    opts: RequestOptions,
  ): Promise<SnodeReply & { node: SnodeRecord }> {
    const node = this.answeredBy;
    const p = (typeof params === 'function' ? await params(node) : params) as Record<string, unknown>;
    const call = { accountId, method, params: p, opts };
    this.calls.push(call);
    const reply = await this.answer(call, node);
    // like SessionNetwork.snodeOpen: every 2xx answer goes through the caller's check
    if (reply.status >= 200 && reply.status < 300 && opts.check) await opts.check(reply, node);
    return { ...reply, node };
  }

  async rpcToNode(node: SnodeRecord, method: string, params: object, opts: unknown): Promise<SnodeReply> {
    this.nodeCalls.push({ node, method, params, opts });
    return await this.answer(
      { accountId: '', method, params: params as Record<string, unknown>, opts: {} },
      node,
    );
  }
}

const asNet = (f: FakeNet) => f as unknown as SessionNetwork;
const ok = (body: unknown): SnodeReply => ({ status: 200, body, text: JSON.stringify(body) });
const sig64 = async (m: string, sk: Uint8Array) => toBase64(await sign(utf8(m), sk));

async function code(p: Promise<unknown>): Promise<string> {
  try {
    await p;
  } catch (e) {
    if (isSessionError(e)) return e.code;
    throw e;
  }
  return 'resolved';
}

async function caught(p: Promise<unknown>): Promise<SessionError> {
  try {
    await p;
  } catch (e) {
    if (e instanceof SessionError) return e;
    throw e;
  }
  throw new Error('resolved');
}

let m: Member[];
let signer: AccountSigner;

beforeAll(async () => {
  m = await Promise.all([0, 1, 2, 3].map(member));
  const id = await deriveIdentity(new Uint8Array(16).fill(7));
  signer = { accountId: id.accountId, ed25519Pk: id.ed25519Pk, ed25519Sk: id.ed25519Sk };
});

describe('signed strings (§6.3, §6.5)', () => {
  it('request signatures: namespace 0 is omitted, others written out', () => {
    expect(signatureMessages.retrieve(0, 5)).toBe('retrieve5');
    expect(signatureMessages.retrieve(-10, 5)).toBe('retrieve-105');
    expect(signatureMessages.store(0, 7)).toBe('store7');
    expect(signatureMessages.store(3, 7)).toBe('store37');
    expect(signatureMessages.delete(['a', 'b'])).toBe('deleteab');
    expect(signatureMessages.deleteAll('all', 9)).toBe('delete_allall9');
    expect(signatureMessages.deleteAll(0, 9)).toBe('delete_all9');
    expect(signatureMessages.deleteAll(2, 9)).toBe('delete_all29');
    expect(signatureMessages.expire('shorten', 100, ['x', 'y'])).toBe('expireshorten100xy');
    expect(signatureMessages.expire('', 100, ['x'])).toBe('expire100x');
    expect(signatureMessages.getExpiries(4, ['p', 'q'])).toBe('get_expiries4pq');
  });

  it('result signatures: requested hashes in order, results sorted', () => {
    expect(resultMessages.store('h')).toBe('h');
    expect(resultMessages.delete('05ab', ['z', 'a'], ['z', 'a'])).toBe('05abzaaz');
    expect(resultMessages.expire('05ab', 50, ['z', 'a'], ['z', 'a'], { q: 2, b: 1 })).toBe('05ab50zaazb1q2');
    expect(resultMessages.expire('05ab', 50, [], [], {})).toBe('05ab50');
  });
});

describe('storeMessage', () => {
  const data = utf8('hello swarm');
  let hash: string;
  beforeAll(async () => {
    hash = await messageHash(fromHex(signer.accountId), 0, data);
  });

  function storeNet(entries: (call: Call) => Promise<Record<string, unknown>>) {
    const net = new FakeNet([m[0]!.rec, m[1]!.rec], async (call) => ok(await entries(call)), m[0]!.rec);
    return {
      net,
      run: (p: Partial<Parameters<typeof storeMessage>[1]> = {}) =>
        storeMessage(asNet(net), { to: signer.accountId, namespace: 0, data, ttl: 86_400_000, ...p }),
    };
  }

  it('sends the exact unsigned params for namespace 0 and counts the valid confirmations', async () => {
    const { net, run } = storeNet(async () => ({
      hash,
      swarm: {
        [m[0]!.rec.ed25519]: { hash, signature: await sig64(hash, m[0]!.sk) },
        [m[1]!.rec.ed25519]: { hash, signature: await sig64(hash, m[1]!.sk) },
      },
    }));
    const r = await run();
    expect(r).toEqual({ hash, confirmations: 2, failed: [] });
    expect(net.calls).toHaveLength(1);
    expect(net.calls[0]!.method).toBe('store');
    expect(net.calls[0]!.accountId).toBe(signer.accountId);
    expect(net.calls[0]!.params).toEqual({
      pubkey: signer.accountId,
      namespace: 0,
      timestamp: net.clock,
      ttl: 86_400_000,
      data: toBase64(data),
    });
    expect(net.calls[0]!.opts.unknownOutcome).toBe('DELIVERY_UNKNOWN');
  });

  it('signs store<ns><timestamp> with the signer key when there is a signer', async () => {
    const h3 = await messageHash(fromHex(signer.accountId), 3, data);
    const { net, run } = storeNet(async () => ({
      swarm: { [m[0]!.rec.ed25519]: { hash: h3, signature: await sig64(h3, m[0]!.sk) } },
    }));
    const r = await run({ namespace: 3, signer });
    expect(r.confirmations).toBe(1);
    const p = net.calls[0]!.params;
    expect(p.pubkey_ed25519).toBe(toHex(signer.ed25519Pk));
    expect(p.namespace).toBe(3);
    const ok3 = await verify(fromBase64(p.signature as string), utf8(`store3${net.clock}`), signer.ed25519Pk);
    expect(ok3).toBe(true);
  });

  it('a node reporting another hash is a bad reply', async () => {
    const other = 'B'.repeat(43);
    const e = await caught(
      storeNet(async () => ({
        hash: other,
        swarm: { [m[0]!.rec.ed25519]: { hash, signature: await sig64(hash, m[0]!.sk) } },
      })).run(),
    );
    expect(e.code).toBe('BAD_REPLY');
    expect(e.message).toBe(`store: the node reported hash ${other}, not ${hash}`);
    expect((await caught(storeNet(async () => ({ swarm: [] })).run())).message).toBe(
      'store: `swarm` is not an object',
    );
  });

  it('a 2xx other than 200 is not a stored message, even when its body verifies', async () => {
    const { net, run } = storeNet(async () => ({
      swarm: { [m[0]!.rec.ed25519]: { hash, signature: await sig64(hash, m[0]!.sk) } },
    }));
    const answer = net.answer;
    net.answer = async (c, n) => ({ ...(await answer(c, n)), status: 201 });
    await expect(code(run())).resolves.toBe('REMOTE_REJECTED');
  });

  it('the unparsed hash check: a hash that is not a message hash at all is a bad reply', async () => {
    const { run } = storeNet(async () => ({
      hash: 'f'.repeat(64),
      swarm: { [m[0]!.rec.ed25519]: { hash, signature: await sig64(hash, m[0]!.sk) } },
    }));
    await expect(code(run())).resolves.toBe('BAD_REPLY');
  });

  it('reports each member that did not confirm, with its reason', async () => {
    const outsider = m[3]!;
    const { run } = storeNet(async () => ({
      swarm: {
        [m[0]!.rec.ed25519]: { hash, signature: await sig64(hash, m[0]!.sk) },
        // signed by someone else
        [m[1]!.rec.ed25519]: { hash, signature: await sig64(hash, m[2]!.sk) },
        // a member of no swarm we know, with a valid signature of its own
        [outsider.rec.ed25519]: { hash, signature: await sig64(hash, outsider.sk) },
        [m[2]!.rec.ed25519]: { failed: true, timeout: true },
      },
    }));
    const r = await run();
    expect(r.confirmations).toBe(1);
    expect(r.failed).toEqual(
      expect.arrayContaining([
        { node: m[1]!.rec.ed25519, reason: 'bad signature' },
        { node: outsider.rec.ed25519, reason: 'not a member of the swarm' },
      ]),
    );
    // m[2] is neither in the swarm list nor the answering node: not a member either
    expect(r.failed).toHaveLength(3);
  });

  it('the answering node counts as a member even when the pool does not list it', async () => {
    const { net, run } = storeNet(async () => ({
      swarm: { [m[2]!.rec.ed25519]: { hash, signature: await sig64(hash, m[2]!.sk) } },
    }));
    net.answeredBy = m[2]!.rec;
    const r = await run();
    expect(r.confirmations).toBe(1);
  });

  it('a failed member entry keeps its reason; an unsigned or wrong-hash entry is "no signed result"', async () => {
    const { net, run } = storeNet(async () => ({
      swarm: {
        [m[0]!.rec.ed25519]: { hash, signature: await sig64(hash, m[0]!.sk) },
        [m[1]!.rec.ed25519]: { failed: true, timeout: true },
        [m[2]!.rec.ed25519]: { hash },
        [m[3]!.rec.ed25519]: { hash: 'e'.repeat(64), signature: await sig64('e'.repeat(64), m[3]!.sk) },
      },
    }));
    net.members = m.map((x) => x.rec);
    const r = await run();
    expect(r.confirmations).toBe(1);
    expect(r.failed).toEqual([
      { node: m[1]!.rec.ed25519, reason: 'timeout' },
      { node: m[2]!.rec.ed25519, reason: 'no signed result' },
      { node: m[3]!.rec.ed25519, reason: 'no signed result' },
    ]);
  });

  it('no valid signature at all is BAD_SIGNATURE', async () => {
    const { run } = storeNet(async () => ({
      swarm: { [m[0]!.rec.ed25519]: { hash, signature: await sig64(hash, m[1]!.sk) } },
    }));
    const e = await caught(run());
    expect(e.code).toBe('BAD_SIGNATURE');
    expect(e.message).toBe('store: no swarm member signed the message hash');
  });

  it('a non-200 answer is refused by status', async () => {
    const net = new FakeNet([m[0]!.rec], () => ({ status: 429, body: '', text: 'slow down' }), m[0]!.rec);
    const e = await caught(storeMessage(asNet(net), { to: signer.accountId, namespace: 0, data, ttl: 1 }));
    expect(e.code).toBe('RATE_LIMITED');
    expect(e.hint).toBe('retry later');
    expect(e.message).toBe('store: rate limited by the node');
  });
});

describe('refusals by status', () => {
  const cases: [number, string][] = [
    [406, 'CLOCK_SKEW'],
    [425, 'CLOCK_SKEW'],
    [413, 'TOO_LARGE'],
    [401, 'REMOTE_REJECTED'],
    [500, 'REMOTE_REJECTED'],
  ];
  for (const [status, c] of cases) {
    it(`${status} -> ${c}`, async () => {
      const net = new FakeNet([m[0]!.rec], () => ({ status, body: 'x', text: 'why' }), m[0]!.rec);
      const e = await caught(batch(asNet(net), m[0]!.rec, [{ method: 'info', params: {} }]));
      expect(e.code).toBe(c);
      if (c !== 'REMOTE_REJECTED') expect(e.message).toBe('batch: why');
    });
  }

  it('REMOTE_REJECTED carries the status and at most 200 characters of the text', async () => {
    const text = 'y'.repeat(300);
    const net = new FakeNet([m[0]!.rec], () => ({ status: 401, body: text, text }), m[0]!.rec);
    const e = await caught(batch(asNet(net), m[0]!.rec, [{ method: 'info', params: {} }]));
    expect(e.message).toBe(`batch refused: 401 ${'y'.repeat(200)}`);
    expect(e.details).toEqual({ status: 401, text: 'y'.repeat(200) });
  });
});

describe('retrieveMessages', () => {
  const body = {
    messages: [{ hash: 'h'.repeat(43), timestamp: 1, expiration: 2, data: toBase64(utf8('m')) }],
    more: true,
  };

  it('sends last_hash only when there is one, max_size only when given, and signs retrieve<ns><ts>', async () => {
    const net = new FakeNet([m[0]!.rec], () => ok(body), m[1]!.rec);
    const r = await retrieveMessages(asNet(net), { signer, namespace: 5, lastHash: () => '' });
    expect(r.more).toBe(true);
    expect(r.messages).toHaveLength(1);
    expect(r.nodeEd25519).toBe(m[1]!.rec.ed25519);
    const p = net.calls[0]!.params;
    expect(net.calls[0]!.method).toBe('retrieve');
    expect(net.calls[0]!.accountId).toBe(signer.accountId);
    expect(Object.keys(p).sort()).toEqual([
      'namespace',
      'pubkey',
      'pubkey_ed25519',
      'signature',
      'timestamp',
    ]);
    expect(p.pubkey).toBe(signer.accountId);
    expect(p.timestamp).toBe(net.clock);
    expect(
      await verify(fromBase64(p.signature as string), utf8(`retrieve5${net.clock}`), signer.ed25519Pk),
    ).toBe(true);

    const seen: string[] = [];
    await retrieveMessages(asNet(net), {
      signer,
      namespace: 0,
      lastHash: (ed) => {
        seen.push(ed);
        return 'last';
      },
      maxSize: 0,
    });
    expect(seen).toEqual([m[1]!.rec.ed25519]);
    expect(net.calls[1]!.params.last_hash).toBe('last');
    expect(net.calls[1]!.params.max_size).toBe(0);
  });

  it('a bad body is refused by the check; a non-200 by status', async () => {
    const bad = new FakeNet([m[0]!.rec], () => ok({ messages: 'no' }), m[0]!.rec);
    await expect(
      code(retrieveMessages(asNet(bad), { signer, namespace: 0, lastHash: () => undefined })),
    ).resolves.toBe('BAD_REPLY');
    const refused = new FakeNet([m[0]!.rec], () => ({ status: 406, body: '', text: 'skew' }), m[0]!.rec);
    await expect(
      code(retrieveMessages(asNet(refused), { signer, namespace: 0, lastHash: () => undefined })),
    ).resolves.toBe('CLOCK_SKEW');
  });

  it('a 2xx other than 200 is refused with the method named', async () => {
    const net = new FakeNet([m[0]!.rec], () => ({ ...ok({ messages: [] }), status: 204 }), m[0]!.rec);
    const e = await caught(retrieveMessages(asNet(net), { signer, namespace: 0, lastHash: () => undefined }));
    expect(e.code).toBe('REMOTE_REJECTED');
    expect(e.message).toMatch(/^retrieve refused: 204 /);
  });
});

describe('2xx answers other than 200 to delete and expire', () => {
  it('are refused even when every member verified', async () => {
    const hashes = ['h1'];
    const del = {
      swarm: {
        [m[0]!.rec.ed25519]: {
          deleted: hashes,
          signature: await sig64(resultMessages.delete(signer.accountId, hashes, hashes), m[0]!.sk),
        },
      },
    };
    const dnet = new FakeNet([m[0]!.rec], () => ({ ...ok(del), status: 202 }), m[0]!.rec);
    const de = await caught(deleteMessagesVerified(asNet(dnet), signer, hashes));
    expect(de.message).toMatch(/^delete refused: 202 /);
    const exp = {
      swarm: {
        [m[0]!.rec.ed25519]: {
          updated: hashes,
          expiry: 5,
          signature: await sig64(resultMessages.expire(signer.accountId, 5, hashes, hashes, {}), m[0]!.sk),
        },
      },
    };
    const enet = new FakeNet([m[0]!.rec], () => ({ ...ok(exp), status: 202 }), m[0]!.rec);
    const ee = await caught(shortenExpiryVerified(asNet(enet), signer, hashes, 5));
    expect(ee.message).toMatch(/^expire refused: 202 /);
    // and with 200 both pass, so the refusal above is the status
    await expect(
      deleteMessagesVerified(asNet(new FakeNet([m[0]!.rec], () => ok(del), m[0]!.rec)), signer, hashes),
    ).resolves.toMatchObject({ hashes });
    await expect(
      shortenExpiryVerified(asNet(new FakeNet([m[0]!.rec], () => ok(exp), m[0]!.rec)), signer, hashes, 5),
    ).resolves.toMatchObject({ hashes });
  });

  it('name the method in parse and signature refusals', async () => {
    const none = new FakeNet([m[0]!.rec], () => ok({ swarm: 1 }), m[0]!.rec);
    expect((await caught(deleteMessagesVerified(asNet(none), signer, ['h']))).message).toBe(
      'delete: `swarm` is not an object',
    );
    expect((await caught(shortenExpiryVerified(asNet(none), signer, ['h'], 1))).message).toBe(
      'expire: `swarm` is not an object',
    );
    const unsigned = new FakeNet([m[0]!.rec], () => ok({ swarm: {} }), m[0]!.rec);
    expect((await caught(deleteMessagesVerified(asNet(unsigned), signer, ['h']))).message).toBe(
      'delete: no swarm member signed its result',
    );
    expect((await caught(shortenExpiryVerified(asNet(unsigned), signer, ['h'], 1))).message).toBe(
      'expire: no swarm member signed its result',
    );
  });
});

describe('deleteMessagesVerified / shortenExpiryVerified', () => {
  const hashes = ['hb', 'ha'];

  it('delete: signs delete<hashes>, verifies each member over the sorted deleted list', async () => {
    const entries = async () => ({
      swarm: {
        [m[0]!.rec.ed25519]: {
          deleted: ['ha', 'hb'],
          signature: await sig64(resultMessages.delete(signer.accountId, hashes, ['ha', 'hb']), m[0]!.sk),
        },
        [m[1]!.rec.ed25519]: { deleted: 'ha', signature: await sig64('x', m[1]!.sk) },
        [m[2]!.rec.ed25519]: { deleted: ['ha', 7], signature: await sig64('x', m[2]!.sk) },
      },
    });
    const body = await entries();
    const net = new FakeNet(
      m.slice(0, 3).map((x) => x.rec),
      () => ok(body),
      m[0]!.rec,
    );
    const r = await deleteMessagesVerified(asNet(net), signer, hashes);
    expect(r.confirmed).toEqual([m[0]!.rec.ed25519]);
    expect(r.hashes.sort()).toEqual(['ha', 'hb']);
    expect(r.failed).toEqual([
      { node: m[1]!.rec.ed25519, reason: 'no signed result' },
      { node: m[2]!.rec.ed25519, reason: 'no signed result' },
    ]);
    const p = net.calls[0]!.params;
    expect(net.calls[0]!.method).toBe('delete');
    expect(p.pubkey).toBe(signer.accountId);
    expect(p.messages).toEqual(hashes);
    expect(p.pubkey_ed25519).toBe(toHex(signer.ed25519Pk));
    expect(await verify(fromBase64(p.signature as string), utf8('deletehbha'), signer.ed25519Pk)).toBe(true);
    await expect(deleteMessages(asNet(net), signer, hashes)).resolves.toEqual(
      expect.arrayContaining(['ha', 'hb']),
    );
  });

  it('delete: no verified member is BAD_SIGNATURE; a non-200 is refused', async () => {
    const body = {
      swarm: { [m[0]!.rec.ed25519]: { deleted: ['ha'], signature: await sig64('nope', m[0]!.sk) } },
    };
    const net = new FakeNet([m[0]!.rec], () => ok(body), m[0]!.rec);
    await expect(code(deleteMessagesVerified(asNet(net), signer, hashes))).resolves.toBe('BAD_SIGNATURE');
    const refused = new FakeNet([m[0]!.rec], () => ({ status: 413, body: '', text: '' }), m[0]!.rec);
    await expect(code(deleteMessagesVerified(asNet(refused), signer, hashes))).resolves.toBe('TOO_LARGE');
  });

  it('expire: sends shorten and the expiry, signs expireshorten<expiry><hashes>, checks every field', async () => {
    const expiry = 1_700_000_100_000;
    const good = async (sk: Uint8Array, unchanged?: Record<string, number>) =>
      sig64(resultMessages.expire(signer.accountId, expiry, hashes, ['hb'], unchanged ?? {}), sk);
    const body = {
      swarm: {
        [m[0]!.rec.ed25519]: { updated: ['hb'], expiry, signature: await good(m[0]!.sk) },
        [m[1]!.rec.ed25519]: {
          updated: ['hb'],
          expiry,
          unchanged: { ha: 5 },
          signature: await good(m[1]!.sk, { ha: 5 }),
        },
        [m[2]!.rec.ed25519]: { updated: 'hb', expiry, signature: await good(m[2]!.sk) },
        [m[3]!.rec.ed25519]: { updated: ['hb'], expiry: '1', signature: await good(m[3]!.sk) },
      },
    };
    const net = new FakeNet(
      m.map((x) => x.rec),
      () => ok(body),
      m[0]!.rec,
    );
    const r = await shortenExpiryVerified(asNet(net), signer, hashes, expiry);
    expect(r.confirmed).toEqual([m[0]!.rec.ed25519, m[1]!.rec.ed25519]);
    expect(r.hashes).toEqual(['hb']);
    expect(r.failed.map((f) => f.reason)).toEqual(['no signed result', 'no signed result']);
    const p = net.calls[0]!.params;
    expect(net.calls[0]!.method).toBe('expire');
    expect(p).toMatchObject({ pubkey: signer.accountId, messages: hashes, expiry, shorten: true });
    expect(
      await verify(fromBase64(p.signature as string), utf8(`expireshorten${expiry}hbha`), signer.ed25519Pk),
    ).toBe(true);
    await expect(shortenExpiry(asNet(net), signer, hashes, expiry)).resolves.toEqual(['hb']);
  });

  it('expire: unchanged that is not an object of numbers is not a signed result (null counts as none)', async () => {
    const expiry = 10;
    const sigOf = async (sk: Uint8Array) =>
      sig64(resultMessages.expire(signer.accountId, expiry, hashes, [], {}), sk);
    const body = {
      swarm: {
        [m[0]!.rec.ed25519]: { updated: [], expiry, unchanged: null, signature: await sigOf(m[0]!.sk) },
        [m[1]!.rec.ed25519]: {
          updated: [],
          expiry,
          unchanged: { ha: 'x' },
          signature: await sigOf(m[1]!.sk),
        },
        [m[2]!.rec.ed25519]: { updated: [], expiry, unchanged: 3, signature: await sigOf(m[2]!.sk) },
      },
    };
    const net = new FakeNet(
      m.map((x) => x.rec),
      () => ok(body),
      m[0]!.rec,
    );
    // unchanged: null falls back to {} (`?? {}`); a non-number value and a number are refused
    const r = await shortenExpiryVerified(asNet(net), signer, hashes, expiry);
    expect(r.confirmed).toEqual([m[0]!.rec.ed25519]);
    expect(r.failed).toEqual([
      { node: m[1]!.rec.ed25519, reason: 'no signed result' },
      { node: m[2]!.rec.ed25519, reason: 'no signed result' },
    ]);
  });

  it('expire: nothing verified is BAD_SIGNATURE; a non-200 is refused', async () => {
    const body = {
      swarm: { [m[0]!.rec.ed25519]: { updated: [], expiry: 1, signature: await sig64('n', m[0]!.sk) } },
    };
    const net = new FakeNet([m[0]!.rec], () => ok(body), m[0]!.rec);
    await expect(code(shortenExpiryVerified(asNet(net), signer, hashes, 1))).resolves.toBe('BAD_SIGNATURE');
    const refused = new FakeNet([m[0]!.rec], () => ({ status: 425, body: '', text: '' }), m[0]!.rec);
    await expect(code(shortenExpiryVerified(asNet(refused), signer, hashes, 1))).resolves.toBe('CLOCK_SKEW');
  });
});

describe('batch', () => {
  const reqs = (n: number) => Array.from({ length: n }, () => ({ method: 'info', params: {} }));

  it('holds 1 to 20 requests', async () => {
    const net = new FakeNet(
      [m[0]!.rec],
      (c) => ok({ results: (c.params.requests as unknown[]).map(() => ({ code: 200, body: {} })) }),
      m[0]!.rec,
    );
    const e = await caught(batch(asNet(net), m[0]!.rec, []));
    expect(e.code).toBe('INVALID_INPUT');
    expect(e.message).toBe('a batch holds 1 to 20 requests');
    const ac = new AbortController();
    await batch(asNet(net), m[0]!.rec, reqs(1), ac.signal);
    expect(net.nodeCalls.pop()!.opts).toEqual({ signal: ac.signal });
    await expect(code(batch(asNet(net), m[0]!.rec, reqs(21)))).resolves.toBe('INVALID_INPUT');
    await expect(batch(asNet(net), m[0]!.rec, reqs(1))).resolves.toHaveLength(1);
    await expect(batch(asNet(net), m[0]!.rec, reqs(20))).resolves.toHaveLength(20);
    expect(net.nodeCalls).toHaveLength(2);
    expect(net.nodeCalls[0]!.method).toBe('batch');
    expect(net.nodeCalls[0]!.params).toEqual({ requests: reqs(1) });
  });

  it('more results than sub-requests is a bad reply', async () => {
    const net = new FakeNet([m[0]!.rec], () => ok({ results: [{ code: 200 }, { code: 200 }] }), m[0]!.rec);
    await expect(code(batch(asNet(net), m[0]!.rec, reqs(1)))).resolves.toBe('BAD_REPLY');
  });
});
