import { describe, expect, it } from 'vitest';
import { buildContent, parseContent } from '../../src/messages/one-to-one.js';
import { SessionProtos, toNumber } from '../../src/messages/proto.js';

/** messages.md §3.4: LokiProfile{ displayName(1), profilePicture(2), lastProfileUpdateSeconds(3) }. */
describe('profile in outgoing messages', () => {
  it('a visible message with a display name carries lastUpdateSeconds (field 3) and parses back', () => {
    const bytes = buildContent(
      { kind: 'visible', body: 'hi', displayName: 'Ann', profileUpdatedSeconds: 1_754_000_000 },
      5,
    );
    const c = SessionProtos.Content.decode(bytes);
    expect(c.dataMessage?.profile?.displayName).toBe('Ann');
    expect(toNumber(c.dataMessage?.profile?.lastUpdateSeconds)).toBe(1_754_000_000);
    expect(parseContent(bytes, 5)).toMatchObject({
      displayName: 'Ann',
      profileUpdatedSeconds: 1_754_000_000,
    });
  });

  it('a MessageRequestResponse carries it too', () => {
    const bytes = buildContent(
      { kind: 'request-response', displayName: 'Ann', profileUpdatedSeconds: 42 },
      5,
    );
    expect(
      toNumber(SessionProtos.Content.decode(bytes).messageRequestResponse?.profile?.lastUpdateSeconds),
    ).toBe(42);
    expect(parseContent(bytes, 5)).toEqual({
      kind: 'request-response',
      approved: true,
      displayName: 'Ann',
      profileUpdatedSeconds: 42,
    });
  });

  it('the sync copy has no profile at all (§3.9)', () => {
    const bytes = buildContent({ kind: 'visible', body: 'hi', syncTarget: '05' + 'aa'.repeat(32) }, 5);
    expect(SessionProtos.Content.decode(bytes).dataMessage?.profile).toBeFalsy();
  });
});

/** messages.md §5.7: profilePicture (LokiProfile 2) + profileKey (DataMessage 6 / MRR 2). */
describe('profile picture in messages', () => {
  const key = Uint8Array.from({ length: 32 }, (_, i) => i + 1);
  const url = 'http://filev2.getsession.org/file/123';

  it('a visible message carries the URL in the profile and the key in DataMessage.profileKey', () => {
    const bytes = buildContent(
      { kind: 'visible', body: 'hi', displayName: 'Ann', profileUpdatedSeconds: 9, avatar: { url, key } },
      5,
    );
    const c = SessionProtos.Content.decode(bytes);
    expect(c.dataMessage?.profile?.profilePicture).toBe(url);
    expect([...(c.dataMessage?.profileKey ?? [])]).toEqual([...key]);
    const p = parseContent(bytes, 5);
    expect(p.kind === 'visible' && p.avatar?.url).toBe(url);
    expect(p.kind === 'visible' && [...p.avatar!.key]).toEqual([...key]);
  });

  it('a MessageRequestResponse carries both in its own fields', () => {
    const bytes = buildContent({ kind: 'request-response', displayName: 'Ann', avatar: { url, key } }, 5);
    const r = SessionProtos.Content.decode(bytes).messageRequestResponse;
    expect(r?.profile?.profilePicture).toBe(url);
    expect([...(r?.profileKey ?? [])]).toEqual([...key]);
    const p = parseContent(bytes, 5);
    expect(p.kind === 'request-response' && p.avatar?.url).toBe(url);
  });

  it('a received picture without a 32-byte key, or with a URL that is not http(s), is no picture', () => {
    const make = (picture: string, profileKey: Uint8Array) =>
      SessionProtos.Content.encode(
        SessionProtos.Content.create({
          sigTimestamp: 5,
          dataMessage: { body: 'x', profile: { displayName: 'Ann', profilePicture: picture }, profileKey },
        }),
      ).finish();
    for (const [pic, k] of [
      [url, key.subarray(0, 31)],
      [url, new Uint8Array(0)],
      ['file:///etc/passwd', key],
      ['', key],
    ] as const) {
      const p = parseContent(make(pic, k), 5);
      expect(p.kind === 'visible' && p.avatar).toBeFalsy();
    }
    const ok = parseContent(make(url, key), 5);
    expect(ok.kind === 'visible' && ok.avatar?.url).toBe(url);
  });
});
