import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { fromHex, toHex } from '../../src/encoding/bytes.js';
import { isSessionError } from '../../src/errors.js';
import { decodeMnemonic, encodeMnemonic } from '../../src/identity/mnemonic.js';
import { ENGLISH_WORDS } from '../../src/identity/wordlist-english.js';

const SRC = 'messages.md §10.1 (libsession-util tests/test_mnemonics.cpp)';
const V1 = 'amaze buffet cake entrance symptoms tiger lamb maze nestle python dusted faxed faxed';

function expectInvalid(phrase: string, message: RegExp): void {
  try {
    decodeMnemonic(phrase);
    expect.unreachable('decode should have failed');
  } catch (e) {
    expect(isSessionError(e, 'INVALID_MNEMONIC')).toBe(true);
    expect((e as Error).message).toMatch(message);
    expect((e as Error).message).not.toContain(phrase); // never echo the secret back
  }
}

describe('word list (messages.md §1.3)', () => {
  it('is the official 1626-word list (sha256 of the desktop JSON file)', () => {
    expect(ENGLISH_WORDS.length).toBe(1626);
    expect(
      createHash('sha256')
        .update(`${JSON.stringify(ENGLISH_WORDS)}\n`)
        .digest('hex'),
    ).toBe('107d92eaf53316aaef2903159af113e925e430a12c75606728bc52ca70ae4fb4');
    expect(new Set(ENGLISH_WORDS.map((w) => w.slice(0, 3))).size).toBe(1626);
  });
});

describe(`mnemonic vectors (${SRC})`, () => {
  it('000102…0f -> 13 words', () => {
    expect(encodeMnemonic(fromHex('000102030405060708090a0b0c0d0e0f'))).toBe(V1);
    expect(toHex(decodeMnemonic(V1))).toBe('000102030405060708090a0b0c0d0e0f');
  });

  it('32-byte seed -> 25 words (legacy)', () => {
    const words =
      'amaze buffet cake entrance symptoms tiger lamb maze nestle python dusted faxed update vague zinger boxes ornament renting glass gained island nabbing afield calamity boxes';
    const hex = '000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f';
    expect(encodeMnemonic(fromHex(hex))).toBe(words);
    expect(toHex(decodeMnemonic(words))).toBe(hex);
  });

  it('zero seed -> abbey × 13', () => {
    const words = Array(13).fill('abbey').join(' ');
    expect(encodeMnemonic(new Uint8Array(16))).toBe(words);
    expect(toHex(decodeMnemonic(words))).toBe('00'.repeat(16));
  });

  it('01020304 -> object anxiety asked (+ checksum object, DERIVED)', () => {
    expect(encodeMnemonic(fromHex('01020304'), { checksum: false })).toBe('object anxiety asked');
    expect(encodeMnemonic(fromHex('01020304'))).toBe('object anxiety asked object');
  });

  it('SHA-512 test seed -> 48 words without checksum', () => {
    const seed = createHash('sha512').update('libsession-util mnemonic test vector').digest();
    expect(toHex(seed)).toBe(
      '0dd5d9bc3d68c25a396f4aacd922a4d620a19cf3c9054cb825dd8a2c5420f4f3ca314c582ffef5388df36e2546cc9103dd1776a634f676e1e631289b8d280b2e',
    );
    expect(encodeMnemonic(seed, { checksum: false })).toBe(
      'threaten efficient wives skirting repent ashtray rural ammo reunion yoyo already tucks attire waxing uphill template ghetto anxiety utensils newt safety paper quote pebbles album gnaw puppy tidy foxes menu evenings spying wallets plotting fuselage geometry toilet cylinder swagger eels when tether cowl saga gossip vats bias federal',
    );
  });

  it('must reject: checksum word amaze instead of faxed', () =>
    expectInvalid(V1.replace(/faxed$/, 'amaze'), /checksum/));
  it('must reject: first two words swapped', () =>
    expectInvalid(V1.replace('amaze buffet', 'buffet amaze'), /checksum|valid group/));
  it('must reject: word 12 gagged', () => {
    const w = V1.split(' ');
    w[11] = 'gagged';
    expectInvalid(w.join(' '), /checksum|valid group/);
  });
  it('must reject: unknown word zzzzz', () =>
    expectInvalid(V1.replace('cake', 'zzzzz'), /word 3 is not in the word list/));
  it('must reject: unknown word ZZZunknown', () =>
    expectInvalid(V1.replace('cake', 'ZZZunknown'), /not in the word list/));
  it('must reject: abbey abbey zoom (value > 2^32-1)', () =>
    expectInvalid(`abbey abbey zoom ${Array(9).fill('abbey').join(' ')} abbey`, /valid group/));
  it('must reject: too few / too many words', () => {
    expectInvalid(V1.split(' ').slice(0, 12).join(' '), /too few/);
    expectInvalid(`${V1} abbey`, /number of words/);
  });
  it('must accept: every word truncated to 3 letters', () =>
    expect(
      toHex(
        decodeMnemonic(
          V1.split(' ')
            .map((w) => w.slice(0, 3))
            .join(' '),
        ),
      ),
    ).toBe('000102030405060708090a0b0c0d0e0f'));
  it('must accept: junk after letter 3 (amazing buffalo cakewalk …)', () =>
    expect(
      toHex(
        decodeMnemonic(
          'amazing buffalo cakewalk entrances symptom tigers lambda mazes nestled pythons dustbin faxes faxing',
        ),
      ),
    ).toBe('000102030405060708090a0b0c0d0e0f'));
  it('must accept: upper case and extra spaces', () =>
    expect(toHex(decodeMnemonic(`  ${V1.toUpperCase().replace(/ /g, '   ')} `))).toBe(
      '000102030405060708090a0b0c0d0e0f',
    ));
});
