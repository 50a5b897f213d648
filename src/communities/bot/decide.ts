import type { BotAction, BotMatch, BotRule, BotRules } from './rules.js';

/**
 * The bot's judgement, pure: a message, what its author posted recently in the room, and the
 * rules → the decisions (which rule fired, what to do). No clock, no network, no store: the
 * runner (src/actions/community-bot.ts) supplies the history and carries decisions out. Windows
 * are measured on the server's posting times, so a bot catching up after a restart judges a
 * flood exactly as one that watched it live.
 */

export interface BotMessage {
  /** Room token (lower case). */
  room: string;
  id: number;
  /** The author's id as the room shows it (15 on a blinded server). */
  author: string;
  text: string;
  attachments: { contentType: string | null }[];
  postedMs: number;
}

export interface AuthorHistory {
  /** The author's earlier posts in this room (any order; older than the window are ignored). */
  posts: { id: number; postedMs: number; text: string }[];
  /** When the bot first saw the author in this room (absent: this message is the first). */
  firstSeenMs?: number;
}

export interface Decision {
  rule: string;
  actions: BotAction[];
  /** Why, for the log: which conditions matched. */
  reason: string;
}

const LINK = /\b(?:https?:\/\/[^\s<>"']+|www\.[^\s<>"']+)/giu;

/** Hosts of the links in a text (lower case, without `www.` and port). */
export function linkHosts(text: string): string[] {
  const out: string[] = [];
  for (const m of text.matchAll(LINK)) {
    const raw = m[0].startsWith('www.') || m[0].startsWith('WWW.') ? `http://${m[0]}` : m[0];
    let host: string;
    try {
      host = new URL(raw).hostname.toLowerCase();
    } catch {
      host = raw
        .replace(/^https?:\/\//i, '')
        .split(/[/:?#]/)[0]!
        .toLowerCase();
    }
    out.push(host.replace(/^www\./, ''));
  }
  return out;
}

const hostIn = (host: string, list: string[]) => list.some((h) => host === h || host.endsWith(`.${h}`));

/** `image/*` style globs against a content type. */
const typeMatches = (type: string, glob: string) =>
  glob.endsWith('/*') ? type.startsWith(glob.slice(0, -1)) : type === glob;

export function normalizeText(text: string): string {
  return text.toLowerCase().replace(/\s+/g, ' ').trim();
}

/** Each condition of a match; a rule fires when all its conditions hold. undefined = no match. */
function check(m: BotMatch, msg: BotMessage, h: AuthorHistory): string[] | undefined {
  const why: string[] = [];
  if (m.newMember) {
    const first = Math.min(h.firstSeenMs ?? msg.postedMs, msg.postedMs);
    if (msg.postedMs - first >= m.newMember.windowMs) return undefined;
    why.push('new member');
  }
  if (m.regex) {
    m.regex.lastIndex = 0;
    if (!m.regex.test(msg.text)) return undefined;
    why.push(`text matches ${m.regex.source}`);
  }
  if (m.links) {
    const hosts = linkHosts(msg.text);
    const l = m.links;
    const bad =
      l.mode === 'any'
        ? hosts
        : l.mode === 'allow'
          ? hosts.filter((x) => !hostIn(x, l.hosts))
          : hosts.filter((x) => hostIn(x, l.hosts));
    if (bad.length === 0) return undefined;
    why.push(`link to ${bad[0]}`);
  }
  if (m.attachments) {
    const a = m.attachments;
    const denied = msg.attachments.find((x) =>
      a.deny.some((g) => typeMatches((x.contentType ?? 'application/octet-stream').toLowerCase(), g)),
    );
    if (msg.attachments.length <= a.max && !denied) return undefined;
    why.push(
      denied
        ? `attachment of type ${denied.contentType ?? 'unknown'}`
        : `${msg.attachments.length} attachment(s)`,
    );
  }
  if (m.flood) {
    const from = msg.postedMs - m.flood.windowMs;
    const n =
      1 + h.posts.filter((p) => p.id !== msg.id && p.postedMs > from && p.postedMs <= msg.postedMs).length;
    if (n <= m.flood.max) return undefined;
    why.push(`${n} posts within ${m.flood.windowMs / 1000}s (max ${m.flood.max})`);
  }
  if (m.repeat) {
    const from = msg.postedMs - m.repeat.windowMs;
    const text = normalizeText(msg.text);
    const n =
      1 +
      h.posts.filter(
        (p) =>
          p.id !== msg.id &&
          p.postedMs > from &&
          p.postedMs <= msg.postedMs &&
          normalizeText(p.text) === text,
      ).length;
    if (text === '' || n < m.repeat.count) return undefined;
    why.push(`same text ${n} times within ${m.repeat.windowMs / 1000}s`);
  }
  return why;
}

function applies(rule: BotRule, msg: BotMessage): boolean {
  return rule.rooms === undefined || rule.rooms.includes(msg.room);
}

/**
 * The decisions for one message: rules in file order; the first that fires ends the check unless
 * it says `continue: true`. Exempt authors get none.
 */
export function decide(
  rules: BotRules,
  msg: BotMessage,
  history: AuthorHistory,
  exempt?: Set<string>,
): Decision[] {
  if (exempt?.has(msg.author) || rules.exempt.includes(msg.author)) return [];
  const out: Decision[] = [];
  for (const rule of rules.rules) {
    if (!applies(rule, msg)) continue;
    const why = check(rule.match, msg, history);
    if (!why) continue;
    out.push({ rule: rule.name, actions: rule.actions, reason: why.join('; ') });
    if (!rule.continue) break;
  }
  return out;
}

/**
 * Per room and author, the recent posts the flood and repeat windows need, pruned to the longest
 * window of the rules. The clock is injected (`nowMs`) by whoever calls `prune`.
 */
export class PostHistory {
  private readonly byKey = new Map<string, AuthorHistory>();
  readonly keepMs: number;

  constructor(rules: BotRules) {
    const windows = rules.rules.flatMap((r) => [r.match.flood?.windowMs ?? 0, r.match.repeat?.windowMs ?? 0]);
    this.keepMs = Math.max(60_000, ...windows);
  }

  of(room: string, author: string): AuthorHistory {
    return this.byKey.get(`${room}\n${author}`) ?? { posts: [] };
  }

  add(msg: Pick<BotMessage, 'room' | 'author' | 'id' | 'postedMs' | 'text'>): void {
    const key = `${msg.room}\n${msg.author}`;
    const h = this.byKey.get(key) ?? { posts: [], firstSeenMs: msg.postedMs };
    if (h.posts.some((p) => p.id === msg.id)) return;
    h.posts.push({ id: msg.id, postedMs: msg.postedMs, text: msg.text });
    h.firstSeenMs = Math.min(h.firstSeenMs ?? msg.postedMs, msg.postedMs);
    this.byKey.set(key, h);
  }

  /** Forgets posts older than the longest window (first-seen times are kept). */
  prune(nowMs: number): void {
    for (const h of this.byKey.values()) h.posts = h.posts.filter((p) => p.postedMs > nowMs - this.keepMs);
  }
}
