import { describe, expect, it } from 'vitest';
import { SessionError } from '../../src/errors.js';
import {
  buildContent,
  parseContent,
  ttlFor,
  unwrapEnvelope,
  wrapEnvelope,
} from '../../src/messages/one-to-one.js';
import { SessionProtos } from '../../src/messages/proto.js';

/** Mutation kills for 1:1 content: TTLs and the round trip of every kind's details. */
describe('one-to-one content', () => {
  it('TTLs: typing 20 s, after-send its timer, everything else 14 days', () => {
    expect(ttlFor({ kind: 'typing', action: 'started' })).toBe(20_000);
    expect(ttlFor({ kind: 'visible', body: 'x', expiration: { mode: 'after-send', seconds: 30 } })).toBe(
      30_000,
    );
    expect(ttlFor({ kind: 'visible', body: 'x', expiration: { mode: 'after-read', seconds: 30 } })).toBe(
      14 * 24 * 3600 * 1000,
    );
    expect(ttlFor({ kind: 'visible', body: 'x' })).toBe(1_209_600_000);
    expect(ttlFor({ kind: 'read-receipt', timestamps: [1] })).toBe(1_209_600_000);
  });

  it('expiration modes and typing actions survive the round trip', () => {
    for (const mode of ['after-send', 'after-read'] as const) {
      const c = parseContent(
        buildContent({ kind: 'visible', body: 'b', expiration: { mode, seconds: 60 } }, 5),
        5,
      );
      expect(c).toMatchObject({ kind: 'visible', body: 'b', expiration: { mode, seconds: 60 } });
    }
    for (const action of ['started', 'stopped'] as const)
      expect(parseContent(buildContent({ kind: 'typing', action }, 9), 9)).toEqual({
        kind: 'typing',
        action,
      });
  });

  it('a profile travels with its update time; without a name there is no profile', () => {
    const c = parseContent(
      buildContent({ kind: 'visible', body: 'b', displayName: 'Al', profileUpdatedSeconds: 77 }, 1),
      1,
    );
    expect(c).toMatchObject({ displayName: 'Al', profileUpdatedSeconds: 77 });
    const bare = parseContent(buildContent({ kind: 'visible', body: 'b', syncTarget: '05ab' }, 1), 1);
    expect(bare).toEqual({ kind: 'visible', body: 'b', syncTarget: '05ab' });
  });
});

describe('one-to-one refusals', () => {
  const C = SessionProtos.Content;
  const content = (c: SessionProtos.IContent) => C.encode(C.create(c)).finish();
  const refusal = (f: () => unknown) => {
    try {
      f();
    } catch (e) {
      if (e instanceof SessionError)
        return `${e.code} ${e.message}${e.cause === undefined ? '' : ' (cause)'}`;
      throw e;
    }
    return 'accepted';
  };

  it('Content: not protobuf, a signed timestamp that differs, a typing timestamp that differs', () => {
    expect(refusal(() => parseContent(new Uint8Array([0xff, 0xff, 0xff]), 1))).toBe(
      'DECRYPT_FAILED Content is not valid protobuf (cause)',
    );
    expect(refusal(() => parseContent(content({ sigTimestamp: 5, dataMessage: { body: 'x' } }), 6))).toBe(
      'BAD_SIGNATURE sigTimestamp does not match the envelope timestamp',
    );
    expect(refusal(() => parseContent(content({ sigTimestamp: 0, dataMessage: { body: 'x' } }), 6))).toBe(
      'accepted',
    );
    expect(refusal(() => parseContent(content({ dataMessage: { body: 'x' } }), 6))).toBe('accepted');
    expect(refusal(() => parseContent(content({ typingMessage: { timestamp: 5, action: 0 } }), 6))).toBe(
      'BAD_SIGNATURE typing timestamp does not match the envelope timestamp',
    );
  });

  it('Content kinds: defaults and the other messages', () => {
    expect(parseContent(content({ dataMessage: {} }), 1)).toEqual({ kind: 'visible', body: '' });
    const noTimer = parseContent(
      content({ dataMessage: { body: 'b' }, expirationType: 1, expirationTimer: 0 }),
      1,
    );
    expect(noTimer).toEqual({ kind: 'visible', body: 'b' });
    const noType = parseContent(content({ dataMessage: { body: 'b' }, expirationTimer: 30 }), 1);
    expect(noType).toEqual({ kind: 'visible', body: 'b' });
    expect(parseContent(content({ receiptMessage: { type: 1, timestamp: [3, 4] } }), 1)).toEqual({
      kind: 'read-receipt',
      timestamps: [3, 4],
    });
    expect(parseContent(content({ receiptMessage: { type: 1 } }), 1)).toEqual({
      kind: 'read-receipt',
      timestamps: [],
    });
    expect(parseContent(content({ unsendRequest: { timestamp: 8, author: '05ab' } }), 1)).toEqual({
      kind: 'unsend',
      timestamp: 8,
      author: '05ab',
    });
    expect(parseContent(buildContent({ kind: 'request-response', displayName: 'Z' }, 1), 1)).toEqual({
      kind: 'request-response',
      approved: true,
      displayName: 'Z',
    });
    expect(parseContent(content({}), 1)).toEqual({ kind: 'unknown' });
  });

  it('envelopes: not one, no body, no content, a proSig of the wrong size', () => {
    expect(refusal(() => unwrapEnvelope(new Uint8Array([0xff, 0xff])))).toBe(
      'DECRYPT_FAILED not a Session envelope (cause)',
    );
    const ws = (body?: Uint8Array) =>
      SessionProtos.WebSocketMessage.encode(
        SessionProtos.WebSocketMessage.create({
          type: SessionProtos.WebSocketMessage.Type.REQUEST,
          request: { verb: '', path: '', requestId: 0, ...(body ? { body } : {}) },
        }),
      ).finish();
    expect(refusal(() => unwrapEnvelope(ws()))).toBe('DECRYPT_FAILED not a Session envelope (cause)');
    const env = (e: Partial<SessionProtos.IEnvelope>) =>
      ws(
        SessionProtos.Envelope.encode(
          SessionProtos.Envelope.create({ ...e, type: 6, timestamp: 7 }),
        ).finish(),
      );
    expect(refusal(() => unwrapEnvelope(env({})))).toBe('DECRYPT_FAILED envelope without content');
    expect(refusal(() => unwrapEnvelope(env({ content: new Uint8Array(0) })))).toBe(
      'DECRYPT_FAILED envelope without content',
    );
    const c = new Uint8Array([1, 2]);
    expect(refusal(() => unwrapEnvelope(env({ content: c, proSig: new Uint8Array(63) })))).toBe(
      'DECRYPT_FAILED envelope proSig must be 64 bytes',
    );
    const opened = (w: Uint8Array) => {
      const u = unwrapEnvelope(w);
      return { ciphertext: [...u.ciphertext], timestamp: u.timestamp };
    };
    expect(opened(env({ content: c, proSig: new Uint8Array(64) }))).toEqual({
      ciphertext: [1, 2],
      timestamp: 7,
    });
    expect(opened(env({ content: c }))).toEqual({ ciphertext: [1, 2], timestamp: 7 });
    expect(opened(wrapEnvelope(c, 9))).toEqual({ ciphertext: [1, 2], timestamp: 9 });
  });
});
