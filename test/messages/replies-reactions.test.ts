import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { isSessionError } from '../../src/errors.js';
import { renderHuman, toMessageObject, type DisplayContext } from '../../src/messages/message-object.js';
import { buildContent, parseContent, type ParsedContent } from '../../src/messages/one-to-one.js';
import { SessionProtos } from '../../src/messages/proto.js';
import {
  checkReactionEmoji,
  reactionProblem,
  summarizeReactions,
  MAX_REACTION_CHARS,
} from '../../src/messages/reactions.js';
import { openDatabase } from '../../src/store/database.js';
import { MessageStore } from '../../src/store/messages.js';
import { tempDir } from '../helpers/cli.js';

/** Issue 15: DataMessage quote (field 8) and reaction (field 11), the message object, the store. */
const A = '05' + 'aa'.repeat(32);
const B = '05' + 'bb'.repeat(32);
const T = 1_754_971_101_000;

function visible(c: ParsedContent) {
  if (c.kind !== 'visible') throw new Error(`expected a visible message, got ${c.kind}`);
  return c;
}

describe('quote on the wire (DataMessage.quote = 8)', () => {
  it('round-trips id, author and text; the raw fields are 8.1 id, 8.2 author, 8.3 text', () => {
    const bytes = buildContent(
      { kind: 'visible', body: 'on it', quote: { timestamp: T - 5, author: A, text: 'deploy?' } },
      T,
    );
    const raw = SessionProtos.Content.decode(bytes).dataMessage!.quote!;
    expect(Number(raw.id)).toBe(T - 5);
    expect(raw.author).toBe(A);
    expect(raw.text).toBe('deploy?');
    expect(visible(parseContent(bytes, T)).quote).toEqual({ timestamp: T - 5, author: A, text: 'deploy?' });
  });

  it('a quote without text (as desktop sends it) parses without text; no quote gives none', () => {
    const bytes = buildContent({ kind: 'visible', body: 'x', quote: { timestamp: T - 1, author: B } }, T);
    expect(SessionProtos.Content.decode(bytes).dataMessage!.quote!.text).toBeFalsy();
    expect(visible(parseContent(bytes, T)).quote).toEqual({ timestamp: T - 1, author: B });
    expect(visible(parseContent(buildContent({ kind: 'visible', body: 'x' }, T), T)).quote).toBeUndefined();
  });

  it('a quote that names no message (bad author, zero id) is left off; the message stays', () => {
    for (const quote of [
      { id: T, author: 'not an id' },
      { id: 0, author: A },
    ]) {
      const bytes = SessionProtos.Content.encode({
        sigTimestamp: T,
        dataMessage: { body: 'still here', quote },
      }).finish();
      const c = visible(parseContent(bytes, T));
      expect(c.body).toBe('still here');
      expect(c.quote).toBeUndefined();
    }
  });

  it('an overlong quoted text is cut to 2000 characters', () => {
    const bytes = SessionProtos.Content.encode({
      sigTimestamp: T,
      dataMessage: { body: 'r', quote: { id: T - 1, author: A, text: 'é'.repeat(5000) } },
    }).finish();
    expect([...visible(parseContent(bytes, T)).quote!.text!].length).toBe(2000);
  });
});

describe('reaction on the wire (DataMessage.reaction = 11)', () => {
  it('REACT and REMOVE round-trip with the enum values 0 and 1, and no body', () => {
    for (const [action, wire] of [
      ['react', 0],
      ['remove', 1],
    ] as const) {
      const bytes = buildContent(
        { kind: 'reaction', reaction: { timestamp: T - 9, author: A, emoji: '👍', action } },
        T,
      );
      const d = SessionProtos.Content.decode(bytes).dataMessage!;
      expect(d.reaction!.action).toBe(wire);
      expect(Number(d.reaction!.id)).toBe(T - 9);
      expect(d.body).toBeFalsy();
      expect(parseContent(bytes, T)).toEqual({
        kind: 'reaction',
        reaction: { timestamp: T - 9, author: A, emoji: '👍', action },
      });
    }
  });

  it('the sync copy carries syncTarget', () => {
    const bytes = buildContent(
      { kind: 'reaction', reaction: { timestamp: 1, author: A, emoji: 'x', action: 'react' }, syncTarget: B },
      T,
    );
    expect(parseContent(bytes, T)).toMatchObject({ kind: 'reaction', syncTarget: B });
  });

  it('a reaction without its required action fails the whole Content (messages.md §3.2)', () => {
    // Reaction{id 1, author A, emoji "x"} by hand: the generated encoder always writes action
    const author = new TextEncoder().encode(A);
    const raw = Uint8Array.from([0x08, 0x01, 0x12, author.length, ...author, 0x1a, 0x01, 0x78]);
    const dm = Uint8Array.from([0x5a, raw.length, ...raw]);
    const content = Uint8Array.from([0x0a, dm.length, ...dm]);
    let error: unknown;
    try {
      parseContent(content, T);
    } catch (e) {
      error = e;
    }
    expect(isSessionError(error, 'DECRYPT_FAILED')).toBe(true);
    // the same with action REMOVE parses
    const ok = Uint8Array.from([...raw, 0x20, 0x01]);
    const dm2 = Uint8Array.from([0x5a, ok.length, ...ok]);
    expect(parseContent(Uint8Array.from([0x0a, dm2.length, ...dm2]), T)).toMatchObject({
      kind: 'reaction',
      reaction: { emoji: 'x', action: 'remove' },
    });
  });

  it('junk is named: empty emoji, overlong emoji, bad target', () => {
    const ok = { timestamp: T, author: A, emoji: '👍', action: 'react' } as const;
    expect(reactionProblem(ok)).toBeUndefined();
    expect(reactionProblem({ ...ok, emoji: '' })).toMatch(/empty/);
    expect(reactionProblem({ ...ok, emoji: '   ' })).toMatch(/empty/);
    expect(reactionProblem({ ...ok, emoji: '🔥'.repeat(MAX_REACTION_CHARS + 1) })).toMatch(/longer/);
    expect(reactionProblem({ ...ok, emoji: '🔥'.repeat(MAX_REACTION_CHARS) })).toBeUndefined();
    expect(reactionProblem({ ...ok, author: 'x' })).toMatch(/no message/);
    expect(reactionProblem({ ...ok, timestamp: 0 })).toMatch(/no message/);
    expect(reactionProblem({ ...ok, timestamp: 2 ** 60 })).toMatch(/no message/);
    expect(() => checkReactionEmoji('')).toThrow(/1 to 12/);
    expect(() => checkReactionEmoji('a'.repeat(13))).toThrow(/1 to 12/);
    expect(checkReactionEmoji('👍🏽')).toBe('👍🏽');
  });
});

describe('message object: quote and reactions', () => {
  const row = {
    id: 3,
    conversation: B,
    hash: 'h',
    author: B,
    timestamp: T,
    direction: 'in' as const,
    text: 'on it',
    expiresAt: null,
    readAt: null,
  };
  const ctx: DisplayContext = { own: A, nameOf: () => undefined, isRequest: () => false };

  it('quote is null when none, the quote otherwise; reactions only when there are some', () => {
    expect(toMessageObject(row).quote).toBeNull();
    expect(toMessageObject(row)).not.toHaveProperty('reactions');
    const quote = { id: `${A}:${T - 5}`, author: A, text: 'deploy?' };
    const m = toMessageObject({
      ...row,
      quote,
      reactions: [
        { emoji: '👍', from: B, you: false },
        { emoji: '🎉', from: A, you: true },
        { emoji: '👍', from: A, you: true },
      ],
    });
    expect(m.quote).toEqual(quote);
    expect(m.reactions).toEqual({
      '👍': { count: 2, from: [B, A], you: true },
      '🎉': { count: 1, from: [A], you: true },
    });
    expect(Object.keys(m.reactions!)).toEqual(['👍', '🎉']);
    const lines = renderHuman(m, ctx).split('\n');
    expect(lines[0]).toMatch(/: on it$/);
    expect(lines[1]).toBe('    > me: deploy?');
    expect(lines.at(-1)).toBe('    [reactions] 👍 2  🎉 1');
  });

  it('summaries count a reactor once per emoji', () => {
    expect(
      summarizeReactions([
        { emoji: 'x', from: A, you: true },
        { emoji: 'x', from: A, you: true },
      ]),
    ).toEqual({ x: { count: 1, from: [A], you: true } });
  });
});

describe('store: reactions, last action by T wins', () => {
  async function store() {
    const s = new MessageStore(await openDatabase(join(tempDir(), 'session.db')));
    s.saveBatch(
      {
        seen: [],
        messages: [{ conversation: B, hash: 'h1', author: B, timestamp: T, direction: 'in', text: 'hello' }],
      },
      Date.now(),
    );
    return s;
  }
  const change = { targetAuthor: B, targetTimestamp: T, reactor: A, emoji: '👍', mine: true };

  it('react, duplicate, remove; an older action arriving late changes nothing', async () => {
    const s = await store();
    expect(s.applyReaction({ ...change, action: 'react', at: T + 10 })).toBe(true);
    expect(s.applyReaction({ ...change, action: 'react', at: T + 10 })).toBe(false);
    expect(s.find(`${B}:${T}`)!.reactions).toEqual([{ emoji: '👍', from: A, you: true }]);
    expect(toMessageObject(s.messages(B, 10)[0]!).reactions).toEqual({
      '👍': { count: 1, from: [A], you: true },
    });
    // a REMOVE older than the REACT we hold (out of order): the newer REACT stands
    expect(s.applyReaction({ ...change, action: 'remove', at: T + 5 })).toBe(false);
    expect(s.reactionsOf(B, T)).toHaveLength(1);
    expect(s.applyReaction({ ...change, action: 'remove', at: T + 20 })).toBe(true);
    expect(s.reactionsOf(B, T)).toEqual([]);
    expect(s.find(`${B}:${T}`)!.reactions).toBeUndefined();
    // the REACT that preceded that REMOVE, delivered again late: stays removed
    expect(s.applyReaction({ ...change, action: 'react', at: T + 10 })).toBe(false);
    expect(s.reactionsOf(B, T)).toEqual([]);
    // a remove of something never there changes nothing visible
    expect(s.applyReaction({ ...change, emoji: '🎉', action: 'remove', at: T + 30 })).toBe(false);
    s.db.close();
  });

  it('a received reply keeps its quote in extras; since() and messages() show it', async () => {
    const s = await store();
    const quote = { id: `${B}:${T}`, author: B, text: 'hello' };
    s.saveBatch(
      {
        seen: [],
        messages: [
          {
            conversation: B,
            hash: 'h2',
            author: B,
            timestamp: T + 1,
            direction: 'in',
            text: 're',
            extras: { quote },
          },
        ],
      },
      Date.now(),
    );
    expect(s.since(0).map((m) => toMessageObject(m).quote)).toEqual([null, quote]);
    expect(s.messages(B, 10)[1]!.quote).toEqual(quote);
    s.db.close();
  });
});
