import { describe, expect, it } from 'vitest';
import { decide, linkHosts, PostHistory, type BotMessage } from '../../../src/communities/bot/decide.js';
import { parseRules } from '../../../src/communities/bot/rules.js';

const A = '15' + 'a'.repeat(64);
const B = '15' + 'b'.repeat(64);
const T0 = 1_700_000_000_000;
let nextId = 1;
const msg = (p: Partial<BotMessage> = {}): BotMessage => ({
  room: 'lobby',
  id: nextId++,
  author: A,
  text: 'hello',
  attachments: [],
  postedMs: T0,
  ...p,
});
const rules = (yaml: string) => parseRules(yaml);
const one = (
  yaml: string,
  m: BotMessage,
  history = { posts: [] as { id: number; postedMs: number; text: string }[] },
) => decide(rules(yaml), m, history);

describe('bot decisions', () => {
  it('regex (case-insensitive with (?i)) → delete', () => {
    const y = 'rules: [{name: no-spam, match: {regex: "(?i)buy now"}, action: delete}]';
    expect(one(y, msg({ text: 'BUY NOW cheap' }))).toEqual([
      { rule: 'no-spam', actions: [{ kind: 'delete' }], reason: expect.stringContaining('buy now') },
    ]);
    expect(one(y, msg({ text: 'buy later' }))).toEqual([]);
  });

  it('links: any, allow list, deny list', () => {
    expect(linkHosts('see https://www.Example.com/x and www.foo.org')).toEqual(['example.com', 'foo.org']);
    const any = 'rules: [{name: l, match: {links: true}, action: delete}]';
    expect(one(any, msg({ text: 'go to https://x.io' }))).toHaveLength(1);
    expect(one(any, msg({ text: 'no links here' }))).toHaveLength(0);
    const allow = 'rules: [{name: l, match: {links: {allow: [getsession.org]}}, action: delete}]';
    expect(one(allow, msg({ text: 'https://docs.getsession.org/a' }))).toHaveLength(0);
    expect(one(allow, msg({ text: 'https://getsession.org.evil.com/a' }))).toHaveLength(1);
    const deny = 'rules: [{name: l, match: {links: {deny: [evil.com]}}, action: delete}]';
    expect(one(deny, msg({ text: 'http://a.evil.com' }))).toHaveLength(1);
    expect(one(deny, msg({ text: 'http://good.com' }))).toHaveLength(0);
  });

  it('attachments: any, more than max, denied type', () => {
    const img = { contentType: 'image/png' };
    const bin = { contentType: 'application/x-msdownload' };
    expect(
      one('rules: [{name: a, match: {attachments: true}, action: delete}]', msg({ attachments: [img] })),
    ).toHaveLength(1);
    expect(one('rules: [{name: a, match: {attachments: true}, action: delete}]', msg())).toHaveLength(0);
    const max = 'rules: [{name: a, match: {attachments: {max: 1}}, action: delete}]';
    expect(one(max, msg({ attachments: [img] }))).toHaveLength(0);
    expect(one(max, msg({ attachments: [img, img] }))).toHaveLength(1);
    const deny = 'rules: [{name: a, match: {attachments: {deny: ["application/*"]}}, action: delete}]';
    expect(one(deny, msg({ attachments: [img] }))).toHaveLength(0);
    expect(one(deny, msg({ attachments: [bin] }))).toHaveLength(1);
  });

  it('flood: more than max posts per user within the window (injected clock prunes the history)', () => {
    const r = rules('rules: [{name: flood, match: {flood: {max: 3, window: 10s}}, action: {mute: 1m}}]');
    const h = new PostHistory(r);
    const fired: number[] = [];
    // A posts at t = 0, 1, 2, 3 s (the 4th is over the limit), B posts in between and is left alone
    for (const [k, t] of [0, 1000, 2000, 3000].entries()) {
      for (const author of [A, B]) {
        if (author === B && k > 1) continue;
        const m = msg({ author, postedMs: T0 + t });
        if (decide(r, m, h.of('lobby', author)).length > 0) fired.push(k);
        h.add(m);
      }
    }
    expect(fired).toEqual([3]);
    // 11 s after the first post the window holds 3 again: no flood
    const later = msg({ postedMs: T0 + 11_500 });
    expect(decide(r, later, h.of('lobby', A))).toHaveLength(0);
    // pruning with the clock far ahead empties the window (history is bounded)
    h.prune(T0 + 3_600_000);
    expect(h.of('lobby', A).posts).toEqual([]);
    expect(h.of('lobby', A).firstSeenMs).toBe(T0);
  });

  it('flood counts per room', () => {
    const r = rules('rules: [{name: flood, match: {flood: {max: 1, window: 10s}}, action: delete}]');
    const h = new PostHistory(r);
    h.add(msg({ room: 'other', postedMs: T0 }));
    expect(decide(r, msg({ postedMs: T0 + 1 }), h.of('lobby', A))).toHaveLength(0);
  });

  it('repeat: the same text (case and spaces ignored) count times within the window', () => {
    const r = rules('rules: [{name: rep, match: {repeat: {count: 3, window: 1m}}, action: delete}]');
    const h = new PostHistory(r);
    const texts = ['Hi there', 'hi  there', 'something else', 'HI THERE'];
    const fired = texts.map((text, k) => {
      const m = msg({ text, postedMs: T0 + k * 1000 });
      const d = decide(r, m, h.of('lobby', A));
      h.add(m);
      return d.length;
    });
    expect(fired).toEqual([0, 0, 0, 1]);
    // outside the window it does not count
    expect(decide(r, msg({ text: 'hi there', postedMs: T0 + 120_000 }), h.of('lobby', A))).toHaveLength(0);
  });

  it('newMember narrows a rule to authors first seen recently', () => {
    const y = 'rules: [{name: new-links, match: {links: true, newMember: 1h}, action: delete}]';
    const text = 'https://x.io';
    expect(one(y, msg({ text }), { posts: [] })).toHaveLength(1);
    expect(
      one(y, msg({ text, postedMs: T0 }), { posts: [], firstSeenMs: T0 - 2 * 3_600_000 } as never),
    ).toHaveLength(0);
  });

  it('first match wins unless continue; rooms limit a rule; exempt authors get nothing', () => {
    const r = rules(`
exempt: ["${B}"]
rules:
  - {name: only-other, rooms: [other], match: {regex: spam}, action: {ban: 1h}}
  - {name: warn, continue: true, match: {regex: spam}, action: {dm: "please don't"}}
  - {name: del, match: {regex: spam}, action: delete}
  - {name: never, match: {regex: spam}, action: ban-and-purge}
`);
    const d = decide(r, msg({ text: 'spam' }), { posts: [] });
    expect(d.map((x) => x.rule)).toEqual(['warn', 'del']);
    expect(d[0]!.actions).toEqual([{ kind: 'dm', text: "please don't" }]);
    expect(decide(r, msg({ text: 'spam', room: 'other' }), { posts: [] })[0]!.rule).toBe('only-other');
    expect(decide(r, msg({ text: 'spam', author: B }), { posts: [] })).toEqual([]);
    expect(decide(r, msg({ text: 'spam' }), { posts: [] }, new Set([A]))).toEqual([]);
  });

  it('each action kind comes through as written', () => {
    for (const [a, want] of [
      ['delete', { kind: 'delete' }],
      ['{mute: 3s}', { kind: 'mute', seconds: 3 }],
      ['{ban: 1h}', { kind: 'ban', seconds: 3600, purge: false }],
      ['ban-and-purge', { kind: 'ban', purge: true }],
      ['{reply: hey}', { kind: 'reply', text: 'hey' }],
      ['{dm: hey}', { kind: 'dm', text: 'hey' }],
    ] as const)
      expect(
        one(`rules: [{name: x, match: {regex: spam}, action: ${a}}]`, msg({ text: 'spam' }))[0]!.actions,
      ).toEqual([want]);
  });

  it('is fast: well under 5 ms per message with a full rule set and history', () => {
    const r = rules(`
rules:
  - {name: a, match: {regex: "(?i)buy now|free money|crypto giveaway"}, action: delete}
  - {name: b, match: {links: {allow: [getsession.org]}, newMember: 1d}, action: delete}
  - {name: c, match: {flood: {max: 5, window: 10s}}, action: {mute: 10m}}
  - {name: d, match: {repeat: {count: 3, window: 5m}}, action: delete}
  - {name: e, match: {attachments: {deny: ["application/*"]}}, action: {ban: 1h}}
`);
    const h = new PostHistory(r);
    for (let k = 0; k < 200; k++)
      h.add(msg({ postedMs: T0 + k * 100, text: `message ${k} https://getsession.org` }));
    const n = 2000;
    const t = performance.now();
    for (let k = 0; k < n; k++)
      decide(r, msg({ postedMs: T0 + 20_000 + k, text: `hello ${k} www.example.com` }), h.of('lobby', A));
    expect((performance.now() - t) / n).toBeLessThan(5);
  });
});
