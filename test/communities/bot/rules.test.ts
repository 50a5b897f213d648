import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseRules, parseDurationMs } from '../../../src/communities/bot/rules.js';
import { exitCodeFor, type SessionError } from '../../../src/errors.js';
import { repoRoot } from '../../helpers/spec.js';

function refusal(text: string): SessionError {
  try {
    parseRules(text);
  } catch (e) {
    return e as SessionError;
  }
  throw new Error('parsed');
}

describe('bot rules file', () => {
  it('reads the minimal rule of the issue, (?i) making the pattern case-insensitive', () => {
    const r = parseRules('rules: [{name: no-spam, match: {regex: "(?i)buy now"}, action: delete}]');
    expect(r.rules).toHaveLength(1);
    expect(r.rules[0]!.actions).toEqual([{ kind: 'delete' }]);
    expect(r.rules[0]!.match.regex!.test('BUY NOW!!')).toBe(true);
    expect(r.rules[0]!.continue).toBe(false);
    // without (?i) the case matters
    const cs = parseRules('rules: [{name: x, match: {regex: "buy now"}, action: delete}]');
    expect(cs.rules[0]!.match.regex!.test('BUY NOW')).toBe(false);
  });

  it('reads JSON too', () => {
    const r = parseRules(
      JSON.stringify({ rules: [{ name: 'a', match: { links: true }, action: 'delete' }] }),
    );
    expect(r.rules[0]!.match.links).toEqual({ mode: 'any' });
  });

  it('reads every action form', () => {
    const r = parseRules(`
rules:
  - name: all
    match: {regex: x}
    actions:
      - delete
      - {mute: 10m}
      - {ban: 1h}
      - ban
      - ban-and-purge
      - {ban: 2d, purge: true}
      - {ban-and-purge: 30s}
      - {reply: "no spam please"}
      - {dm: "a warning"}
`);
    expect(r.rules[0]!.actions).toEqual([
      { kind: 'delete' },
      { kind: 'mute', seconds: 600 },
      { kind: 'ban', seconds: 3600, purge: false },
      { kind: 'ban', purge: false },
      { kind: 'ban', purge: true },
      { kind: 'ban', seconds: 172800, purge: true },
      { kind: 'ban', seconds: 30, purge: true },
      { kind: 'reply', text: 'no spam please' },
      { kind: 'dm', text: 'a warning' },
    ]);
  });

  it('reads every match kind', () => {
    const r = parseRules(`
exempt: ["15${'a'.repeat(64)}"]
rules:
  - name: m
    rooms: [Lobby]
    continue: true
    match:
      links: {allow: [getsession.org]}
      attachments: {max: 1, deny: ["application/*"]}
      flood: {max: 5, window: 10s}
      repeat: {count: 3, window: 1m}
      newMember: 24h
    action: delete
`);
    const m = r.rules[0]!.match;
    expect(m.links).toEqual({ mode: 'allow', hosts: ['getsession.org'] });
    expect(m.attachments).toEqual({ max: 1, deny: ['application/*'] });
    expect(m.flood).toEqual({ max: 5, windowMs: 10_000 });
    expect(m.repeat).toEqual({ count: 3, windowMs: 60_000 });
    expect(m.newMember).toEqual({ windowMs: 86_400_000 });
    expect(r.rules[0]!.rooms).toEqual(['lobby']);
    expect(r.rules[0]!.continue).toBe(true);
    expect(r.exempt).toEqual([`15${'a'.repeat(64)}`]);
  });

  it('durations', () => {
    expect(parseDurationMs('3s', 'r', 'f')).toBe(3000);
    expect(parseDurationMs('500ms', 'r', 'f')).toBe(500);
    expect(parseDurationMs(90, 'r', 'f')).toBe(90_000);
    expect(parseDurationMs('1w', 'r', 'f')).toBe(604_800_000);
  });

  const cases: [string, string, string | undefined, string][] = [
    ['rules: [', 'syntax', undefined, '(file)'],
    ['[1, 2]', 'not-an-object', undefined, '(file)'],
    ['rules: []', 'no-rules', undefined, 'rules'],
    ['rules: [{name: a, match: {regex: "(?i)["}, action: delete}]', 'bad-regex', 'a', 'match.regex'],
    ['rules: [{name: a, match: {regex: x}, action: explode}]', 'bad-action', 'a', 'action'],
    ['rules: [{name: a, match: {regex: x}, action: mute}]', 'bad-action', 'a', 'action'],
    ['rules: [{name: a, match: {regex: x}, action: {mute: soon}}]', 'bad-duration', 'a', 'action.mute'],
    ['rules: [{name: a, match: {regex: x}}]', 'missing-field', 'a', 'action'],
    ['rules: [{name: a, action: delete}]', 'missing-field', 'a', 'match'],
    ['rules: [{name: a, match: {regexp: x}, action: delete}]', 'unknown-field', 'a', 'match.regexp'],
    [
      'rules: [{name: a, match: {flood: {max: 0, window: 1s}}, action: delete}]',
      'bad-number',
      'a',
      'match.flood.max',
    ],
    [
      'rules: [{name: a, match: {flood: {max: 3}}, action: delete}]',
      'missing-field',
      'a',
      'match.flood.window',
    ],
    ['rules: [{name: a, match: {newMember: 1h}, action: delete}]', 'missing-field', 'a', 'match'],
    [
      'rules: [{name: a, match: {regex: x}, action: delete}, {name: a, match: {regex: y}, action: delete}]',
      'duplicate-name',
      'a',
      'name',
    ],
    ['rules: [{match: {regex: x}, action: delete}]', 'bad-type', undefined, 'rules[0].name'],
    ['rules: [{name: a, match: {regex: x}, action: delete, colour: red}]', 'unknown-field', 'a', 'colour'],
    ['rules: [{name: a, match: {regex: x}, actions: [delete, {dm: ""}]}]', 'bad-type', 'a', 'actions[1].dm'],
  ];
  it.each(cases)('refuses %s: %s at rule %s field %s (exit 2)', (text, reason, rule, field) => {
    const e = refusal(text);
    expect(e.code).toBe('INVALID_RULES');
    expect(exitCodeFor(e.code)).toBe(2);
    expect(e.details).toMatchObject({ reason, field, ...(rule ? { rule } : {}) });
    if (rule) expect(e.message).toContain(`rule "${rule}"`);
    expect(e.message).toContain(field);
  });

  it('the shipped example parses', () => {
    const r = parseRules(readFileSync(join(repoRoot, 'examples', 'bot-rules.yaml'), 'utf8'));
    expect(r.rules.length).toBeGreaterThanOrEqual(5);
  });
});
