import type { ChatConversation, ChatMessage } from './backend.js';

/** What the UI calls a conversation: its name, else a shortened Account ID. */
export function conversationTitle(c: ChatConversation | undefined): string {
  if (!c) return '';
  if (c.noteToSelf) return 'Note to Self';
  return c.name ?? shortId(c.id);
}

export function shortId(id: string): string {
  return id.length > 12 ? `${id.slice(0, 6)}…${id.slice(-4)}` : id;
}

/** "me", the sender's name, or a shortened id. */
export function authorName(
  m: { from: string },
  own: string,
  names: ReadonlyMap<string, string | null>,
): string {
  if (m.from === own) return 'me';
  return names.get(m.from) ?? shortId(m.from);
}

/** HH:MM today, else YYYY-MM-DD HH:MM (local time); impossible times as a raw number. */
export function clockTime(ms: number, now: number): string {
  if (!Number.isFinite(ms) || Math.abs(ms) > 8.64e15) return `#${ms}`;
  const d = new Date(ms);
  const p = (n: number) => String(n).padStart(2, '0');
  const hm = `${p(d.getHours())}:${p(d.getMinutes())}`;
  if (new Date(now).toDateString() === d.toDateString()) return hm;
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())} ${hm}`;
}

/** A short remaining time: 45s, 12m, 5h, 3d. */
export function remaining(ms: number): string {
  const s = Math.max(0, Math.ceil(ms / 1000));
  if (s < 60) return `${s}s`;
  if (s < 3600) return `${Math.floor(s / 60)}m`;
  if (s < 86400) return `${Math.floor(s / 3600)}h`;
  return `${Math.floor(s / 86400)}d`;
}

export function fileSize(n: number): string {
  if (n < 1024) return `${n} B`;
  if (n < 1024 * 1024) return `${(n / 1024).toFixed(1)} KB`;
  return `${(n / 1024 / 1024).toFixed(1)} MB`;
}

/** Display width cannot be known exactly here (wide glyphs); code points are close enough to budget rows. */
function rowsFor(text: string, width: number): number {
  const w = Math.max(1, width);
  return Math.max(1, Math.ceil([...text].length / w));
}

/** The text lines of a message body (terminal control characters made visible, never obeyed). */
export function bodyLines(m: ChatMessage): string[] {
  const text = (m.text ?? '').replace(/[\u0000-\u0008\u000b-\u001f\u007f\u009b]/g, '�');
  return text === '' ? [] : text.split(/\r?\n/);
}

/** How many terminal rows MessageView gives a message at this width (keep in step with MessageItem). */
export function messageRows(m: ChatMessage, width: number): number {
  const inner = width - 2;
  let rows = 1; // the header: author, time, timers
  if (m.quote) rows += 1;
  for (const l of bodyLines(m)) rows += rowsFor(l, inner);
  rows += m.attachments.length;
  if (m.reactions && Object.keys(m.reactions).length > 0) rows += 1;
  return rows;
}
