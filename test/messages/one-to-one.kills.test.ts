import { describe, expect, it } from 'vitest';
import { buildContent, parseContent, ttlFor } from '../../src/messages/one-to-one.js';

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
