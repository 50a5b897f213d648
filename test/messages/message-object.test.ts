import { describe, expect, it } from 'vitest';
import {
  formatTime,
  renderHuman,
  toMessageObject,
  type DisplayContext,
} from '../../src/messages/message-object.js';

const A = '05' + 'aa'.repeat(32);
const B = '05' + 'bb'.repeat(32);
const ctx: DisplayContext = {
  own: A,
  nameOf: (id) => (id === B ? 'Bob' : undefined),
  isRequest: (id) => id === B,
};
const row = {
  id: 7,
  conversation: B,
  hash: 'h',
  author: B,
  timestamp: 1_754_971_101_000,
  direction: 'in' as const,
  text: 'hello',
  expiresAt: null,
  readAt: null,
};

describe('message object', () => {
  it('has the documented fields: id AUTHOR:TIMESTAMP, integer cursor, attachments []', () => {
    expect(toMessageObject(row)).toEqual({
      type: 'message',
      id: `${B}:1754971101000`,
      cursor: 7,
      hash: 'h',
      from: B,
      conversation: B,
      direction: 'in',
      timestamp: 1_754_971_101_000,
      text: 'hello',
      attachments: [],
      expiresAt: null,
      readAt: null,
      quote: null,
    });
  });

  it('a timestamp beyond what Date can hold renders safely instead of throwing', () => {
    expect(() => new Date(8.64e15 + 1).toISOString()).toThrow(RangeError);
    expect(formatTime(8.64e15 + 1)).toBe('invalid-time(8640000000000001)');
    expect(formatTime(Number.NaN)).toContain('invalid-time');
    expect(formatTime(0)).toBe('1970-01-01T00:00:00.000Z');
    expect(renderHuman(toMessageObject({ ...row, timestamp: 8.64e15 + 1 }), ctx)).toContain('invalid-time(');
  });

  it('human lines: display names, [request] marks, continuation lines indented', () => {
    const line = renderHuman(toMessageObject({ ...row, text: 'one\ntwo\r\nthree' }), ctx);
    const [first, second, third] = line.split('\n');
    expect(first).toMatch(/\[request\] Bob \(05bbbbbb…\): one$/);
    expect(second).toBe('    two');
    expect(third).toBe('    three');
    const out = renderHuman(toMessageObject({ ...row, author: A, direction: 'out', text: 'x' }), {
      ...ctx,
      isRequest: () => false,
    });
    expect(out).toContain('me -> Bob');
    expect(out).not.toContain('[request]');
    const self = renderHuman(toMessageObject({ ...row, author: A, conversation: A, direction: 'out' }), ctx);
    expect(self).toContain('Note to Self');
  });

  it('other events render without crashing on odd times', () => {
    for (const e of [
      { type: 'unsend' as const, id: `${B}:1`, cursor: 1, from: B, conversation: B, timestamp: 1e300 },
      { type: 'read' as const, id: `${A}:1`, cursor: 1, by: B, conversation: B, readAt: -1e300 },
      {
        type: 'typing' as const,
        id: `${B}:1`,
        cursor: 1,
        from: B,
        conversation: B,
        action: 'started' as const,
        timestamp: 1,
      },
      {
        type: 'request' as const,
        id: `${B}:1`,
        cursor: 1,
        from: B,
        conversation: B,
        displayName: 'Bob',
        timestamp: 1,
      },
    ])
      expect(renderHuman(e, ctx)).toEqual(expect.any(String));
  });

  it('a group timer change reads as one, on and off', () => {
    const e = {
      type: 'group' as const,
      id: `${B}:1`,
      cursor: 1,
      conversation: `03${'cd'.repeat(32)}`,
      action: 'disappearing' as const,
      from: B,
      members: [],
      name: 'Team',
      timestamp: 1,
    };
    expect(renderHuman({ ...e, disappearing: { mode: 'after-send', seconds: 600 } }, ctx)).toContain(
      'set messages to disappear 600 s after sending',
    );
    expect(renderHuman({ ...e, disappearing: null }, ctx)).toContain('turned disappearing messages off');
  });
});
