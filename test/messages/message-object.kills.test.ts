import { describe, expect, it } from 'vitest';
import {
  formatTime,
  renderHuman,
  toMessageObject,
  type DisplayContext,
} from '../../src/messages/message-object.js';

/** Mutation kills for the human rendering of stream events: "me", request tags, the time range edge. */
const OWN = `05${'11'.repeat(32)}`;
const PEER = `05${'22'.repeat(32)}`;
const ctx = (requests: string[] = []): DisplayContext => ({
  own: OWN,
  nameOf: (id) => (id === PEER ? 'Bob' : null),
  isRequest: (c) => requests.includes(c),
});
const row = (direction: 'in' | 'out') =>
  toMessageObject({
    id: 1,
    conversation: PEER,
    hash: null,
    author: direction === 'in' ? PEER : OWN,
    timestamp: 0,
    direction,
    text: 'hi',
    expiresAt: null,
    readAt: null,
  });

describe('renderHuman and formatTime', () => {
  it('the largest time a Date holds is still a time; beyond it, the raw number', () => {
    expect(formatTime(8.64e15)).toBe('+275760-09-13T00:00:00.000Z');
    expect(formatTime(-8.64e15)).toBe('-271821-04-20T00:00:00.000Z');
    expect(formatTime(8.64e15 + 1)).toBe('invalid-time(8640000000000001)');
  });

  it('our own account is "me" in every event', () => {
    const t = '1970-01-01T00:00:00.000Z';
    expect(
      renderHuman({ type: 'unsend', id: 'x', cursor: 1, from: OWN, conversation: PEER, timestamp: 0 }, ctx()),
    ).toBe(`${t}  me deleted a message (x)`);
    expect(
      renderHuman({ type: 'read', id: 'y', cursor: 1, by: OWN, conversation: PEER, readAt: 0 }, ctx()),
    ).toBe(`${t}  me read your message (y)`);
  });

  it('the request tag marks incoming messages of a pending request only', () => {
    expect(renderHuman(row('in'), ctx([PEER]))).toBe(
      `1970-01-01T00:00:00.000Z  [request] Bob (05222222…): hi`,
    );
    expect(renderHuman(row('in'), ctx())).toBe(`1970-01-01T00:00:00.000Z  Bob (05222222…): hi`);
    expect(renderHuman(row('out'), ctx([PEER]))).toBe(`1970-01-01T00:00:00.000Z  me -> Bob (05222222…): hi`);
  });
});
