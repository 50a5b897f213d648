import { describe, expect, it } from 'vitest';
import { loadSodium } from '../../src/crypto/sodium.js';
import { concatBytes, toHex } from '../../src/encoding/bytes.js';
import { isSessionError } from '../../src/errors.js';
import { deriveIdentity } from '../../src/identity/keys.js';
import {
  decryptIncoming,
  encryptForRecipient,
  encryptForRecipientDeterministic,
} from '../../src/messages/encrypt.js';
import { padMessage, unpadMessage } from '../../src/messages/padding.js';
import { toNumber } from '../../src/messages/proto.js';

/** 1:1 sealing (messages.md §2.2-§2.4), padding (§2.1) and the Long helper: every refusal. */
const alice = await deriveIdentity(new Uint8Array(16).fill(1));
const bob = await deriveIdentity(new Uint8Array(16).fill(2));
const bobId = new Uint8Array([0x05, ...bob.x25519Pk]);

async function codeOf(p: Promise<unknown>): Promise<string> {
  try {
    await p;
  } catch (e) {
    if (isSessionError(e)) return `${e.code} ${e.message}`;
    throw e;
  }
  return 'ok';
}

describe('encrypt / decrypt', () => {
  it('the recipient may be given as 32 bytes or as the 33-byte 05 account id', async () => {
    for (const to of [bob.x25519Pk, bobId]) {
      const ct = await encryptForRecipient(alice, to, new Uint8Array([1, 2, 3]));
      const d = await decryptIncoming(bob, ct);
      expect(d.plaintext).toEqual(new Uint8Array([1, 2, 3]));
      expect(d.senderEd25519Pk).toEqual(alice.ed25519Pk);
      expect(d.sender).toBe(alice.accountId);
    }
    const det = await encryptForRecipientDeterministic(alice, bobId, new Uint8Array([9]));
    expect((await decryptIncoming(bob, det)).plaintext).toEqual(new Uint8Array([9]));
    expect(det).toEqual(await encryptForRecipientDeterministic(alice, bob.x25519Pk, new Uint8Array([9])));
  });

  it('a bare 32-byte key that happens to start with 0x05 is taken whole', async () => {
    let carol = await deriveIdentity(new Uint8Array(16));
    for (let i = 1; carol.x25519Pk[0] !== 0x05; i++) {
      const seed = new Uint8Array(16);
      new DataView(seed.buffer).setUint32(0, i);
      carol = await deriveIdentity(seed);
    }
    const ct = await encryptForRecipient(alice, carol.x25519Pk, new Uint8Array([4]));
    expect((await decryptIncoming(carol, ct)).plaintext).toEqual(new Uint8Array([4]));
  });

  it('a box that does not open keeps libsodium’s error as the cause', async () => {
    const e = (await decryptIncoming(bob, new Uint8Array(144)).catch((x: unknown) => x)) as Error;
    expect(e.cause).toBeDefined();
  });

  it('any other recipient length, or 33 bytes without the 05 prefix, is INVALID_ACCOUNT_ID', async () => {
    for (const to of [
      bob.x25519Pk.subarray(1),
      new Uint8Array([0x15, ...bob.x25519Pk]),
      new Uint8Array(34),
    ]) {
      expect(await codeOf(encryptForRecipient(alice, to, new Uint8Array(1)))).toBe(
        'INVALID_ACCOUNT_ID recipient X25519 key must be 32 bytes',
      );
      expect(await codeOf(encryptForRecipientDeterministic(alice, to, new Uint8Array(1)))).toMatch(
        /^INVALID_ACCOUNT_ID /,
      );
    }
  });

  it('the deterministic variant depends on seed, recipient and message', async () => {
    const a = await encryptForRecipientDeterministic(alice, bob.x25519Pk, new Uint8Array([1]));
    expect(await encryptForRecipientDeterministic(alice, bob.x25519Pk, new Uint8Array([2]))).not.toEqual(a);
    const carol = await deriveIdentity(new Uint8Array(16).fill(3));
    expect(
      (await encryptForRecipientDeterministic(alice, carol.x25519Pk, new Uint8Array([1]))).subarray(0, 32),
    ).not.toEqual(a.subarray(0, 32));
  });

  it('too short, not for us, a bad signature: each its own refusal', async () => {
    expect(await codeOf(decryptIncoming(bob, new Uint8Array(143)))).toBe(
      'DECRYPT_FAILED ciphertext too short',
    );
    // 144 bytes: long enough to try, not a sealed box for bob
    expect(await codeOf(decryptIncoming(bob, new Uint8Array(144)))).toBe(
      'DECRYPT_FAILED cannot open the sealed box (not for us, or corrupted)',
    );
    const ct = await encryptForRecipient(alice, bob.x25519Pk, new Uint8Array([7]));
    const carol = await deriveIdentity(new Uint8Array(16).fill(3));
    expect(await codeOf(decryptIncoming(carol, ct))).toMatch(/^DECRYPT_FAILED cannot open/);

    // a box whose inner signature covers another recipient key
    const sodium = await loadSodium();
    const m = new Uint8Array([5, 5]);
    const sig = sodium.crypto_sign_detached(concatBytes(m, alice.ed25519Pk, carol.x25519Pk), alice.ed25519Sk);
    const forged = sodium.crypto_box_seal(concatBytes(m, alice.ed25519Pk, sig), bob.x25519Pk);
    expect(await codeOf(decryptIncoming(bob, forged))).toBe(
      'BAD_SIGNATURE the sender signature does not verify',
    );
    // the smallest box: an empty message still opens
    const empty = await encryptForRecipient(alice, bob.x25519Pk, new Uint8Array(0));
    expect(empty).toHaveLength(48 + 32 + 64);
    expect((await decryptIncoming(bob, empty)).plaintext).toHaveLength(0);
  });

  it('the sender is named from the Ed25519 key inside the box', async () => {
    const d = await decryptIncoming(bob, await encryptForRecipient(bob, bob.x25519Pk, new Uint8Array([1])));
    expect(d.sender).toBe(`05${toHex(bob.x25519Pk)}`);
  });
});

describe('padding', () => {
  it('pads with 0x80 then zeros to a multiple of 160, a full block when aligned', () => {
    for (const [n, total] of [
      [0, 160],
      [158, 160],
      [159, 320],
      [160, 320],
      [319, 480],
    ] as const) {
      const p = padMessage(new Uint8Array(n).fill(7));
      expect(p).toHaveLength(total);
      expect(p[n]).toBe(0x80);
      expect(p.subarray(n + 1).every((b) => b === 0)).toBe(true);
      expect(unpadMessage(p)).toEqual(new Uint8Array(n).fill(7));
    }
  });

  it('unpadding: without a 0x80 marker the buffer is kept whole; all zeros too', () => {
    expect(unpadMessage(new Uint8Array([1, 2, 0, 0]))).toEqual(new Uint8Array([1, 2, 0, 0]));
    expect(unpadMessage(new Uint8Array([0, 0]))).toEqual(new Uint8Array([0, 0]));
    expect(unpadMessage(new Uint8Array([1, 0x80]))).toEqual(new Uint8Array([1]));
    expect(unpadMessage(new Uint8Array([0x80, 0x80, 0]))).toEqual(new Uint8Array([0x80]));
    expect(unpadMessage(new Uint8Array(0))).toEqual(new Uint8Array(0));
  });
});

describe('toNumber', () => {
  it('numbers, Longs, null and undefined', () => {
    expect(toNumber(5)).toBe(5);
    expect(toNumber(0)).toBe(0);
    expect(toNumber({ toNumber: () => 7 })).toBe(7);
    expect(toNumber(null)).toBeUndefined();
    expect(toNumber(undefined)).toBeUndefined();
  });
});
