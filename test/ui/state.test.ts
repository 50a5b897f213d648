import { describe, expect, it } from 'vitest';
import { currentMatch, initialState, reduce, type Action, type ChatState } from '../../src/ui/state.js';
import { BOB, CAROL, OWN, conv, msg } from './fake-backend.js';

const run = (s: ChatState, ...actions: Action[]) => actions.reduce(reduce, s);

function opened() {
  const history = [msg(BOB, BOB, 'one'), msg(BOB, OWN, 'two'), msg(BOB, BOB, 'three')];
  const s = run(
    initialState(OWN),
    { type: 'conversations', list: [conv(BOB, { unread: 3 }), conv(CAROL)] },
    { type: 'opened', id: BOB, messages: history, hasOlder: false },
  );
  return { s, history };
}

describe('chat state', () => {
  it('selection moves within the list, follows its conversation when the list re-orders, and is clamped', () => {
    let s = run(initialState(OWN), { type: 'conversations', list: [conv(BOB), conv(CAROL)] });
    expect(s.selectedId).toBe(BOB);
    s = run(s, { type: 'move', delta: 5 });
    expect(s.selectedId).toBe(CAROL);
    s = run(s, { type: 'conversations', list: [conv(CAROL), conv(BOB)] });
    expect(s.selectedId).toBe(CAROL);
    s = run(s, { type: 'move', delta: -9 });
    expect(s.selectedId).toBe(CAROL);
    // a vanished selection falls back to the first conversation
    s = run(s, { type: 'conversations', list: [conv(BOB)] });
    expect(s.selectedId).toBe(BOB);
  });

  it('opening clears the unread count; a live message for another conversation counts as unread', () => {
    const { s } = opened();
    expect(s.conversations[0]!.unread).toBe(0);
    const t = run(s, { type: 'event', event: msg(CAROL, CAROL, 'hey') });
    expect(t.conversations.find((c) => c.id === CAROL)!.unread).toBe(1);
    expect(t.messages).toHaveLength(3);
    // our own message elsewhere (a sync copy) is not unread
    const u = run(t, { type: 'event', event: msg(CAROL, OWN, 'mine') });
    expect(u.conversations.find((c) => c.id === CAROL)!.unread).toBe(1);
  });

  it('a live message in the open conversation is appended once (the sent copy and its event are one)', () => {
    const { s } = opened();
    const m = msg(BOB, OWN, 'sent');
    const t = run(s, { type: 'sent', message: m }, { type: 'event', event: m });
    expect(t.messages.map((x) => x.text)).toEqual(['one', 'two', 'three', 'sent']);
    expect(t.draft).toBe('');
  });

  it('while reading history, new messages do not move the view', () => {
    const { s } = opened();
    const t = run(s, { type: 'scroll', delta: 2 }, { type: 'event', event: msg(BOB, BOB, 'new') });
    expect(t.scroll).toBe(3);
    const atBottom = run(s, { type: 'event', event: msg(BOB, BOB, 'new') });
    expect(atBottom.scroll).toBe(0);
  });

  it('scrolling is bounded by the loaded history', () => {
    const { s } = opened();
    expect(run(s, { type: 'scroll', delta: 100 }).scroll).toBe(2);
    expect(run(s, { type: 'scroll', delta: -100 }).scroll).toBe(0);
  });

  it('unsend removes the message; a read receipt marks ours read; typing shows and a message ends it', () => {
    const { s, history } = opened();
    let t = run(s, {
      type: 'event',
      event: { type: 'unsend', id: history[0]!.id, cursor: 9, from: BOB, conversation: BOB, timestamp: 1 },
    });
    expect(t.messages.map((m) => m.text)).toEqual(['two', 'three']);
    t = run(t, {
      type: 'event',
      event: { type: 'read', id: history[1]!.id, cursor: 9, by: BOB, conversation: BOB, readAt: 42 },
    });
    expect(t.messages[0]!.readAt).toBe(42);
    t = run(t, {
      type: 'event',
      event: {
        type: 'typing',
        id: 'x',
        cursor: 9,
        from: BOB,
        conversation: BOB,
        action: 'started',
        timestamp: 1,
      },
    });
    expect(t.typing[BOB]).toBe(true);
    t = run(t, { type: 'event', event: msg(BOB, BOB, 'done typing') });
    expect(t.typing[BOB]).toBe(false);
  });

  it("a community room's edit, reactions and delete events change the open room's messages only", () => {
    const ROOM = 'http://127.0.0.1:1/lobby';
    const a = msg(ROOM, BOB, 'first', { id: '1' });
    const b = msg(ROOM, BOB, 'second', { id: '2' });
    let s = run(
      initialState(OWN),
      { type: 'conversations', list: [conv(ROOM, { kind: 'community' }), conv(BOB)] },
      { type: 'opened', id: ROOM, messages: [a, b], hasOlder: false },
    );
    s = run(s, { type: 'event', event: { ...a, type: 'edit', text: 'first, edited', cursor: 9 } });
    expect(s.messages.map((m) => [m.type, m.text])).toEqual([
      ['message', 'first, edited'],
      ['message', 'second'],
    ]);
    s = run(s, {
      type: 'event',
      event: {
        type: 'reactions',
        id: '2',
        cursor: 10,
        seqno: 10,
        conversation: ROOM,
        reactions: { '👍': { count: 1 } },
      },
    });
    expect(s.messages[1]!.reactions).toEqual({ '👍': { count: 1 } });
    // another room's message 1 is another message
    const other = run(s, {
      type: 'event',
      event: { type: 'delete', id: '1', cursor: 11, seqno: 11, conversation: 'http://x/y' },
    });
    expect(other.messages).toHaveLength(2);
    s = run(s, {
      type: 'event',
      event: { type: 'delete', id: '1', cursor: 11, seqno: 11, conversation: ROOM },
    });
    expect(s.messages.map((m) => m.text)).toEqual(['second']);
  });

  it('search finds matches newest first and steps through them, wrapping', () => {
    const s = run(
      initialState(OWN),
      { type: 'conversations', list: [conv(BOB)] },
      {
        type: 'opened',
        id: BOB,
        messages: [msg(BOB, BOB, 'Apple pie'), msg(BOB, BOB, 'pear'), msg(BOB, BOB, 'apple juice')],
        hasOlder: false,
      },
      { type: 'search-start' },
      { type: 'search-query', query: 'APPLE' },
    );
    expect(s.search!.matches).toEqual([0, 2]);
    expect(currentMatch(s)!.text).toBe('apple juice');
    const prev = run(s, { type: 'search-next', delta: -1 });
    expect(currentMatch(prev)!.text).toBe('Apple pie');
    expect(prev.scroll).toBe(2);
    expect(currentMatch(run(prev, { type: 'search-next', delta: -1 }))!.text).toBe('apple juice');
    expect(run(s, { type: 'search-end' }).search).toBeNull();
  });

  it('older pages are prepended without duplicates', () => {
    const { s, history } = opened();
    const older = [msg(BOB, BOB, 'zero'), history[0]!];
    const t = run(s, { type: 'older', messages: older, hasOlder: false });
    expect(t.messages.map((m) => m.text)).toEqual(['zero', 'one', 'two', 'three']);
  });

  it('back clears the open conversation, its search and reply', () => {
    const { s, history } = opened();
    const t = run(s, { type: 'reply', message: history[0]! }, { type: 'search-start' }, { type: 'back' });
    expect([t.openId, t.search, t.replyTo, t.messages.length]).toEqual([null, null, null, 0]);
  });

  it('a request event and a poll error become the status line', () => {
    const s = run(initialState(OWN), {
      type: 'event',
      event: {
        type: 'request',
        id: 'x',
        cursor: 1,
        from: CAROL,
        conversation: CAROL,
        displayName: 'Carol',
        timestamp: 1,
      },
    });
    expect(s.status).toEqual({ text: 'New message request from Carol', error: false });
    expect(run(s, { type: 'event', event: { type: 'error', message: 'boom' } }).status).toEqual({
      text: 'boom',
      error: true,
    });
  });
});
