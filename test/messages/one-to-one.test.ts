import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { fromHex, toHex, utf8, fromUtf8 } from '../../src/encoding/bytes.js';
import { isSessionError } from '../../src/errors.js';
import { deriveIdentity } from '../../src/identity/keys.js';
import { decryptIncoming, encryptForRecipientDeterministic } from '../../src/messages/encrypt.js';
import {
  buildContent,
  decodeIncoming,
  encodeOutgoing,
  parseContent,
  unwrapEnvelope,
  wrapEnvelope,
} from '../../src/messages/one-to-one.js';
import { padMessage, unpadMessage } from '../../src/messages/padding.js';
import { SessionProtos } from '../../src/messages/proto.js';

const sha = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');
const ROW1 = '0123456789abcdef0123456789abcdef';
const ROW2 = '00112233445566778899aabbccddeeff';
const T = 1754971101000;

describe('padding (messages.md §2.1, §10.8)', () => {
  it('libsession scheme: 10 -> 160, 158 -> 160, 159 -> 320, 16 -> 160 (DERIVED)', () => {
    for (const [n, len] of [
      [10, 160],
      [158, 160],
      [159, 320],
      [16, 160],
    ] as const) {
      const p = padMessage(new Uint8Array(n).fill(7));
      expect(p.length).toBe(len);
      expect(p[n]).toBe(0x80);
      expect(unpadMessage(p)).toEqual(new Uint8Array(n).fill(7));
    }
  });
  it('old desktop scheme unpads: 00..09 80 00×8 -> the 10 bytes', () => {
    const input = Uint8Array.from([0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 0x80, 0, 0, 0, 0, 0, 0, 0, 0]);
    expect(unpadMessage(input)).toEqual(Uint8Array.from([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]));
    const old = new Uint8Array(159);
    old.set([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    old[10] = 0x80;
    expect(unpadMessage(old).length).toBe(10);
  });
  it('a buffer without the 0x80 marker is kept whole', () => {
    expect(unpadMessage(Uint8Array.from([1, 2, 3, 0, 0]))).toEqual(Uint8Array.from([1, 2, 3, 0, 0]));
  });
});

describe('Session protocol encryption (messages.md §10.3, libsession-util tests/test_session_encrypt.cpp)', () => {
  it('deterministic encrypt of "hello" gives the 149-byte vector and decrypts with row 2', async () => {
    const a = await deriveIdentity(fromHex(ROW1));
    const b = await deriveIdentity(fromHex(ROW2));
    const ct = await encryptForRecipientDeterministic(
      { ed25519Sk: a.ed25519Sk, ed25519Pk: a.ed25519Pk, seed32: a.seed32 },
      b.x25519Pk,
      utf8('hello'),
    );
    expect(toHex(ct)).toBe(
      '208f96785db92319bc7a14afecc01e17bde912d17bbb32834c03ea63b1862c2a1b730e0725ef75b2f1a276db' +
        '584c59a0ed9b5497bcb9f4effa893b5cb8b04dbe7a6ab457ebf972f03b006dd4572980a725399616d40184b8' +
        '6aa3b7b218bdc6dd7c1adccda8ef4897f0f458492240b39079c27a6c791067ab26a03067a7602b50f0434639' +
        '906f93e548f909d5286edde365ebddc146',
    );
    const d = await decryptIncoming(b, ct);
    expect(fromUtf8(d.plaintext)).toBe('hello');
    expect(toHex(d.senderEd25519Pk)).toBe('4cb76fdc6d32278e3f83dbf608360ecc6b65727934b85d2fb86862ff98c46ab7');
    expect(d.sender).toBe(a.accountId);
  });
});

describe('end-to-end 1:1 wire example (messages.md §10.5, DERIVED)', () => {
  it('Content bytes', () => {
    expect(toHex(buildContent({ kind: 'visible', body: 'hello' }, T))).toBe(
      '0a070a0568656c6c6f78c8aeb7e38933',
    );
  });
  it('padded, ciphertext, envelope, WebSocketMessage, decode back', async () => {
    const a = await deriveIdentity(fromHex(ROW1));
    const b = await deriveIdentity(fromHex(ROW2));
    const content = buildContent({ kind: 'visible', body: 'hello' }, T);
    const padded = padMessage(content);
    expect(padded.length).toBe(160);
    const ct = await encryptForRecipientDeterministic(
      { ed25519Sk: a.ed25519Sk, ed25519Pk: a.ed25519Pk, seed32: a.seed32 },
      b.x25519Pk,
      padded,
    );
    expect(ct.length).toBe(304);
    expect(sha(ct)).toBe('ac63f305d2bb80dfef979b7cc9bcfed8de8d8e35fa7ef5a3edb70c56a92ae65b');
    expect(toHex(ct).startsWith('bef4241a15297899a4c7bc3fc293244f')).toBe(true);
    const env = SessionProtos.Envelope.encode(
      SessionProtos.Envelope.create({ type: 6, timestamp: T, content: ct }),
    ).finish();
    expect(env.length).toBe(316);
    expect(toHex(env).startsWith('080628c8aeb7e3893342b002bef4241a')).toBe(true);
    expect(sha(env)).toBe('ed21d3b39b69dc35e94b8698581cc04658fee7fb64056d4b1be57a2c47d8b2ca');
    const ws = wrapEnvelope(ct, T);
    expect(ws.length).toBe(330);
    expect(toHex(ws).startsWith('080112c5020a0012001abc02080628c8aeb7e389')).toBe(true);
    expect(toHex(ws).endsWith('2000')).toBe(true);
    expect(sha(ws)).toBe('3153100d8d40d97280bf6bdb8d8c9b914658a846344067aeb8191d628f8b0585');
    const same = await encodeOutgoing({
      content: { kind: 'visible', body: 'hello' },
      timestamp: T,
      sender: { ed25519Sk: a.ed25519Sk, ed25519Pk: a.ed25519Pk, seed32: a.seed32 },
      recipient: b.accountId,
      deterministic: true,
    });
    expect(toHex(same)).toBe(toHex(ws));
    const dec = await decodeIncoming(ws, b);
    expect(dec.sender).toBe('05d2ad010eeb72d72e561d9de7bd7b6989af77dcabffa03a5111a6c859ae5c3a72');
    expect(dec.timestamp).toBe(T);
    expect(dec.content).toEqual({ kind: 'visible', body: 'hello' });
  });
});

describe('receive-side checks', () => {
  it('refuses tampering (DECRYPT_FAILED), the wrong key, and a sigTimestamp mismatch (BAD_SIGNATURE)', async () => {
    const a = await deriveIdentity(fromHex(ROW1));
    const b = await deriveIdentity(fromHex(ROW2));
    const c = await deriveIdentity(fromHex('000102030405060708090a0b0c0d0e0f'));
    const ws = await encodeOutgoing({
      content: { kind: 'visible', body: 'hi' },
      timestamp: T,
      sender: a,
      recipient: b.accountId,
    });
    const { ciphertext } = unwrapEnvelope(ws);
    const broken = Uint8Array.from(ciphertext); // protobufjs gives Buffers: slice() would be a view
    broken[100]! ^= 1;
    await expect(decodeIncoming(wrapEnvelope(broken, T), b)).rejects.toSatisfy((e) =>
      isSessionError(e, 'DECRYPT_FAILED'),
    );
    await expect(decodeIncoming(ws, c)).rejects.toSatisfy((e) => isSessionError(e, 'DECRYPT_FAILED'));
    await expect(decodeIncoming(wrapEnvelope(ciphertext, T + 1), b)).rejects.toSatisfy((e) =>
      isSessionError(e, 'BAD_SIGNATURE'),
    );
    expect(() => unwrapEnvelope(utf8('garbage'))).toThrow();
  });

  it('round-trips the control messages and disappearing settings', () => {
    const cases = [
      {
        kind: 'visible',
        body: 'x',
        displayName: 'Alice',
        syncTarget: '05' + 'aa'.repeat(32),
        expiration: { mode: 'after-send', seconds: 60 },
      },
      { kind: 'read-receipt', timestamps: [T, T + 1] },
      { kind: 'typing', action: 'started' },
      { kind: 'unsend', timestamp: T - 5, author: '05' + 'bb'.repeat(32) },
    ] as const;
    for (const c of cases) expect(parseContent(buildContent(c, T), T)).toEqual(c);
    expect(parseContent(buildContent({ kind: 'request-response', displayName: 'Bob' }, T), T)).toEqual({
      kind: 'request-response',
      approved: true,
      displayName: 'Bob',
    });
  });
});
