import { parse as parseYaml } from 'yaml';
import { SessionError } from '../../errors.js';

/**
 * The moderation bot's rules file (YAML or JSON): parsed and validated here, before the bot
 * sends anything. Every mistake is an INVALID_RULES error (exit 2) naming the rule and the field,
 * with a stable `details.reason`, so a bad file is fixed at once instead of misbehaving later.
 * The documented example is examples/bot-rules.yaml.
 */

export type BotAction =
  | { kind: 'delete' }
  | { kind: 'mute'; seconds: number }
  /** `seconds` absent: permanent. `purge`: delete all their posts in the room too. */
  | { kind: 'ban'; seconds?: number; purge: boolean }
  | { kind: 'reply'; text: string }
  | { kind: 'dm'; text: string };

export interface BotMatch {
  regex?: RegExp;
  /** `any`: every link fires; `allow`: links to other hosts fire; `deny`: links to these hosts. */
  links?: { mode: 'any' } | { mode: 'allow'; hosts: string[] } | { mode: 'deny'; hosts: string[] };
  /** Fires when a post has more than `max` attachments, or one whose type matches `deny`. */
  attachments?: { max: number; deny: string[] };
  /** Fires on a post that makes more than `max` posts by its author in `windowMs`. */
  flood?: { max: number; windowMs: number };
  /** Fires on the `count`-th post of the same text by one author within `windowMs`. */
  repeat?: { count: number; windowMs: number };
  /** Only authors first seen less than `windowMs` before the post (ANDed with the rest). */
  newMember?: { windowMs: number };
}

export interface BotRule {
  name: string;
  /** Room tokens (lower case); absent: every watched room. */
  rooms?: string[];
  match: BotMatch;
  actions: BotAction[];
  /** Whether later rules are still checked after this one fired (default: first match wins). */
  continue: boolean;
}

export interface BotRules {
  rules: BotRule[];
  /** Ids (05/15) never acted on (moderators, the bot's friends). */
  exempt: string[];
}

export type RulesErrorReason =
  | 'syntax'
  | 'not-an-object'
  | 'missing-field'
  | 'unknown-field'
  | 'bad-type'
  | 'bad-regex'
  | 'bad-duration'
  | 'bad-number'
  | 'bad-action'
  | 'duplicate-name'
  | 'no-rules';

function fail(reason: RulesErrorReason, rule: string | undefined, field: string, say: string): never {
  const where = rule === undefined ? field : `rule "${rule}": ${field}`;
  throw new SessionError('INVALID_RULES', `rules file: ${where}: ${say}`, {
    details: { reason, ...(rule === undefined ? {} : { rule }), field },
    hint: 'see examples/bot-rules.yaml for every rule kind and action',
  });
}

const UNIT_MS: Record<string, number> = {
  ms: 1,
  s: 1000,
  m: 60_000,
  h: 3_600_000,
  d: 86_400_000,
  w: 604_800_000,
};

/** "3s", "10m", "1h", "2d", "1w", "500ms", or a number of seconds. */
export function parseDurationMs(v: unknown, rule: string | undefined, field: string): number {
  let ms: number | undefined;
  if (typeof v === 'number' && Number.isFinite(v) && v > 0) ms = v * 1000;
  else if (typeof v === 'string') {
    const m = /^\s*(\d+(?:\.\d+)?)\s*(ms|s|m|h|d|w)?\s*$/.exec(v);
    if (m) ms = Number(m[1]) * UNIT_MS[m[2] ?? 's']!;
  }
  if (ms === undefined || !(ms > 0) || ms >= 1e12)
    fail('bad-duration', rule, field, `${JSON.stringify(v)} is not a duration (e.g. 30s, 10m, 1h, 2d)`);
  return Math.round(ms);
}

function seconds(v: unknown, rule: string, field: string): number {
  const s = Math.round(parseDurationMs(v, rule, field) / 1000);
  if (s < 1) fail('bad-duration', rule, field, 'must be at least 1 second');
  return s;
}

function positiveInt(v: unknown, rule: string, field: string, min = 1): number {
  if (typeof v !== 'number' || !Number.isInteger(v) || v < min || v > 1_000_000)
    fail('bad-number', rule, field, `must be a whole number from ${min}`);
  return v;
}

function str(v: unknown, rule: string | undefined, field: string): string {
  if (typeof v !== 'string' || v.length === 0) fail('bad-type', rule, field, 'must be a non-empty string');
  return v;
}

function obj(v: unknown, rule: string | undefined, field: string): Record<string, unknown> {
  if (v === null || typeof v !== 'object' || Array.isArray(v))
    fail('not-an-object', rule, field, 'must be a mapping');
  return v as Record<string, unknown>;
}

function onlyKeys(o: Record<string, unknown>, keys: string[], rule: string | undefined, field: string): void {
  for (const k of Object.keys(o))
    if (!keys.includes(k))
      fail(
        'unknown-field',
        rule,
        `${field}${field ? '.' : ''}${k}`,
        `unknown field (expected one of: ${keys.join(', ')})`,
      );
}

function strings(v: unknown, rule: string, field: string): string[] {
  if (!Array.isArray(v) || v.length === 0)
    fail('bad-type', rule, field, 'must be a non-empty list of strings');
  return v.map((x, k) => str(x, rule, `${field}[${k}]`));
}

/**
 * A pattern as people write it: JavaScript syntax, plus leading inline flags `(?i)`, `(?s)`,
 * `(?m)` (or combined, `(?is)`) as in PCRE/Python, which JavaScript lacks.
 */
export function compilePattern(source: string, rule: string, field = 'match.regex'): RegExp {
  let body = source;
  let flags = 'u';
  const m = /^\(\?([ims]+)\)/.exec(body);
  if (m) {
    body = body.slice(m[0].length);
    for (const f of new Set(m[1])) flags += f;
  }
  try {
    return new RegExp(body, flags);
  } catch (e) {
    fail('bad-regex', rule, field, `not a valid regular expression: ${(e as Error).message}`);
  }
}

const ACTION_NAMES = ['delete', 'mute', 'ban', 'ban-and-purge', 'reply', 'dm'];

function parseAction(v: unknown, rule: string, field: string): BotAction {
  if (typeof v === 'string') {
    if (v === 'delete') return { kind: 'delete' };
    if (v === 'ban') return { kind: 'ban', purge: false };
    if (v === 'ban-and-purge') return { kind: 'ban', purge: true };
    if (v === 'mute') fail('bad-action', rule, field, 'mute needs a duration: {mute: 10m}');
    if (v === 'reply' || v === 'dm') fail('bad-action', rule, field, `${v} needs a text: {${v}: "…"}`);
    fail('bad-action', rule, field, `unknown action "${v}" (one of: ${ACTION_NAMES.join(', ')})`);
  }
  const o = obj(v, rule, field);
  const keys = Object.keys(o).filter((k) => k !== 'purge');
  if (keys.length !== 1 || !ACTION_NAMES.includes(keys[0]!))
    fail('bad-action', rule, field, `an action is one of: ${ACTION_NAMES.join(', ')}`);
  const k = keys[0]!;
  if ('purge' in o && k !== 'ban') fail('unknown-field', rule, `${field}.purge`, 'purge goes with ban only');
  const arg = o[k];
  switch (k) {
    case 'delete':
      return { kind: 'delete' };
    case 'mute':
      return { kind: 'mute', seconds: seconds(arg, rule, `${field}.mute`) };
    case 'ban':
    case 'ban-and-purge': {
      if ('purge' in o && typeof o.purge !== 'boolean')
        fail('bad-type', rule, `${field}.purge`, 'must be true or false');
      const purge = k === 'ban-and-purge' || o.purge === true;
      const permanent = arg === null || arg === true || arg === 'forever' || arg === 'permanent';
      return permanent
        ? { kind: 'ban', purge }
        : { kind: 'ban', seconds: seconds(arg, rule, `${field}.${k}`), purge };
    }
    default:
      return { kind: k as 'reply' | 'dm', text: str(arg, rule, `${field}.${k}`) };
  }
}

function parseLinks(v: unknown, rule: string): NonNullable<BotMatch['links']> {
  if (v === true) return { mode: 'any' };
  const o = obj(v, rule, 'match.links');
  onlyKeys(o, ['allow', 'deny'], rule, 'match.links');
  if ('allow' in o === 'deny' in o)
    fail('bad-type', rule, 'match.links', 'give true, {allow: [hosts]} or {deny: [hosts]}');
  const mode = 'allow' in o ? 'allow' : 'deny';
  return { mode, hosts: strings(o[mode], rule, `match.links.${mode}`).map((h) => h.toLowerCase()) };
}

function parseAttachments(v: unknown, rule: string): NonNullable<BotMatch['attachments']> {
  if (v === true) return { max: 0, deny: [] };
  const o = obj(v, rule, 'match.attachments');
  onlyKeys(o, ['max', 'deny'], rule, 'match.attachments');
  if (!('max' in o) && !('deny' in o))
    fail('missing-field', rule, 'match.attachments', 'give true, max or deny');
  return {
    max: 'max' in o ? positiveInt(o.max, rule, 'match.attachments.max', 0) : Number.MAX_SAFE_INTEGER,
    deny: 'deny' in o ? strings(o.deny, rule, 'match.attachments.deny').map((t) => t.toLowerCase()) : [],
  };
}

const MATCH_KEYS = ['regex', 'links', 'attachments', 'flood', 'repeat', 'newMember'];

function parseMatch(v: unknown, rule: string): BotMatch {
  const o = obj(v, rule, 'match');
  onlyKeys(o, MATCH_KEYS, rule, 'match');
  const out: BotMatch = {};
  if ('regex' in o) out.regex = compilePattern(str(o.regex, rule, 'match.regex'), rule);
  if ('links' in o) out.links = parseLinks(o.links, rule);
  if ('attachments' in o) out.attachments = parseAttachments(o.attachments, rule);
  if ('flood' in o) {
    const f = obj(o.flood, rule, 'match.flood');
    onlyKeys(f, ['max', 'window'], rule, 'match.flood');
    if (!('max' in f)) fail('missing-field', rule, 'match.flood.max', 'how many posts the window allows');
    if (!('window' in f)) fail('missing-field', rule, 'match.flood.window', 'a duration, e.g. 10s');
    out.flood = {
      max: positiveInt(f.max, rule, 'match.flood.max'),
      windowMs: parseDurationMs(f.window, rule, 'match.flood.window'),
    };
  }
  if ('repeat' in o) {
    const r = obj(o.repeat, rule, 'match.repeat');
    onlyKeys(r, ['count', 'window'], rule, 'match.repeat');
    if (!('count' in r)) fail('missing-field', rule, 'match.repeat.count', 'how many copies fire it');
    out.repeat = {
      count: positiveInt(r.count, rule, 'match.repeat.count', 2),
      windowMs: 'window' in r ? parseDurationMs(r.window, rule, 'match.repeat.window') : 3_600_000,
    };
  }
  if ('newMember' in o) out.newMember = { windowMs: parseDurationMs(o.newMember, rule, 'match.newMember') };
  // newMember alone would act on every newcomer's every post: it only narrows other conditions.
  if (Object.keys(out).filter((k) => k !== 'newMember').length === 0)
    fail(
      'missing-field',
      rule,
      'match',
      `needs at least one of: ${MATCH_KEYS.filter((k) => k !== 'newMember').join(', ')}`,
    );
  return out;
}

function parseRule(v: unknown, k: number): BotRule {
  const o = obj(v, undefined, `rules[${k}]`);
  const name = str(o.name, undefined, `rules[${k}].name`);
  onlyKeys(o, ['name', 'rooms', 'match', 'action', 'actions', 'continue'], name, '');
  if (!('match' in o)) fail('missing-field', name, 'match', 'what the rule looks for');
  if ('action' in o && 'actions' in o) fail('bad-action', name, 'action', 'give action or actions, not both');
  const raw = o.action ?? o.actions;
  if (raw === undefined) fail('missing-field', name, 'action', `one of: ${ACTION_NAMES.join(', ')}`);
  const field = 'action' in o ? 'action' : 'actions';
  const list = Array.isArray(raw) ? raw : [raw];
  if (list.length === 0) fail('missing-field', name, field, 'at least one action');
  const rule: BotRule = {
    name,
    match: parseMatch(o.match, name),
    actions: list.map((a, j) => parseAction(a, name, Array.isArray(raw) ? `${field}[${j}]` : field)),
    continue: false,
  };
  if ('rooms' in o) rule.rooms = strings(o.rooms, name, 'rooms').map((t) => t.toLowerCase());
  if ('continue' in o) {
    if (typeof o.continue !== 'boolean') fail('bad-type', name, 'continue', 'must be true or false');
    rule.continue = o.continue;
  }
  return rule;
}

/** Parses a rules document (YAML is a superset of JSON, so one parser reads both). */
export function parseRules(text: string): BotRules {
  let doc: unknown;
  try {
    doc = parseYaml(text, { prettyErrors: false });
  } catch (e) {
    fail('syntax', undefined, '(file)', `not valid YAML or JSON: ${(e as Error).message.split('\n')[0]}`);
  }
  const o = obj(doc, undefined, '(file)');
  onlyKeys(o, ['rules', 'exempt'], undefined, '');
  if (!Array.isArray(o.rules) || o.rules.length === 0)
    fail('no-rules', undefined, 'rules', 'must be a non-empty list');
  const rules = o.rules.map(parseRule);
  const seen = new Set<string>();
  for (const r of rules) {
    if (seen.has(r.name)) fail('duplicate-name', r.name, 'name', 'two rules have this name');
    seen.add(r.name);
  }
  let exempt: string[] = [];
  if ('exempt' in o) {
    if (!Array.isArray(o.exempt)) fail('bad-type', undefined, 'exempt', 'must be a list of ids');
    exempt = o.exempt.map((x, k) => {
      const id = str(x, undefined, `exempt[${k}]`).toLowerCase();
      if (!/^(05|15)[0-9a-f]{64}$/.test(id)) fail('bad-type', undefined, `exempt[${k}]`, 'not a 05 or 15 id');
      return id;
    });
  }
  return { rules, exempt };
}
