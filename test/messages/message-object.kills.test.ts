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

  it('every event type renders its own line', () => {
    const t = '1970-01-01T00:00:00.000Z';
    const typing = (action: 'started' | 'stopped') =>
      renderHuman(
        { type: 'typing', id: 'i', cursor: 1, from: PEER, conversation: PEER, action, timestamp: 0 },
        ctx(),
      );
    expect(typing('started')).toBe(`${t}  Bob (05222222…) is typing…`);
    expect(typing('stopped')).toBe(`${t}  Bob (05222222…) stopped typing`);
    const request = (displayName: string | null) =>
      renderHuman(
        { type: 'request', id: 'r', cursor: 1, from: PEER, conversation: PEER, displayName, timestamp: 0 },
        ctx(),
      );
    expect(request('Bobby')).toBe(`${t}  [request] new message request from Bobby (${PEER})`);
    expect(request(null)).toBe(`${t}  [request] new message request from ${PEER}`);
    const stranger = `05${'33'.repeat(32)}`;
    expect(
      renderHuman(
        { type: 'unsend', id: 'u', cursor: 1, from: stranger, conversation: PEER, timestamp: 0 },
        ctx(),
      ),
    ).toBe(`${t}  ${stranger} deleted a message (u)`);
  });

  it('continuation lines are indented; Note to Self; no text', () => {
    const m = { ...row('in'), text: 'one\r\ntwo\nthree' };
    expect(renderHuman(m, ctx())).toBe('1970-01-01T00:00:00.000Z  Bob (05222222…): one\n    two\n    three');
    const self = { ...row('out'), conversation: OWN, text: null };
    expect(renderHuman(self, ctx())).toBe('1970-01-01T00:00:00.000Z  me -> Note to Self: ');
  });
});
