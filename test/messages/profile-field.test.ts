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
