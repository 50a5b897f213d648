import { summarizeReactions, type ReactionEntry, type ReactionSummary } from './reactions.js';

/**
 * The one shape of a message wherever one is shown: `message send` results, `message receive`
 * results and `--follow` events, `message list` (README "Message object"). Other stream events
 * (unsend, read, typing, request) share `type`, `id` and `cursor` so a consumer can resume.
 */
export interface MessageObject {
  type: 'message';
  /** `AUTHOR:TIMESTAMP`: the same on every device (messages.md §3.6). */
  id: string;
  /** Local order in this profile's store; `receive --since CURSOR` resumes after it. */
  cursor: number;
  /** Hash of the copy in our own swarm (the retrieved one, or our sync copy); null if none. */
  hash: string | null;
  from: string;
  conversation: string;
  direction: 'in' | 'out';
  timestamp: number;
  text: string | null;
  /** The files the message carries, in the sender's order (`attachment download ID --index N`). */
  attachments: AttachmentInfo[];
  /** When it disappears (ms), or null. */
  expiresAt: number | null;
  /** For our own messages: when the recipient's read receipt arrived (ms), else null. */
  readAt: number | null;
  /**
   * The message this one replies to (DataMessage.quote), or null. `text` is the quoted message's
   * text as stored here, else as the sender quoted it, else null.
   * (Optional in the type only for objects made elsewhere: toMessageObject always sets it.)
   */
  quote?: QuoteInfo | null;
  /**
   * Community messages only (communities.md §8): `id` is then the server's message id, `from` the
   * author's blinded id, `conversation` the room (`SERVER_URL/ROOM`), `cursor` and `seqno` the
   * room's sequence number of the message's last change, `reactions` emoji → count (and whether
   * we reacted). 1:1 messages show `reactions` too, only when there are some, with `from` (who).
   */
  seqno?: number;
  reactions?: ReactionSummary;
  /** Community messages: when it was last edited (ms), or null. */
  editedAt?: number | null;
}

/**
 * What a reply shows of the message it quotes: its id (`AUTHOR:TIMESTAMP`; in a community room the
 * quoted post's server id, or null when this device has not seen that post), author and text.
 */
export interface QuoteInfo {
  id: string | null;
  author: string;
  text: string | null;
}

/** What a message object shows of an attachment (the key and URL stay in the store). */
export interface AttachmentInfo {
  /** The file id on the server (the pointer's numeric id, or the URL's last segment). */
  id: string;
  fileName: string | null;
  contentType: string | null;
  size: number;
  width?: number;
  height?: number;
}

/** What the store holds for a message (the subset a MessageObject is made from). */
export interface MessageRowLike {
  id: number;
  conversation: string;
  hash: string | null;
  author: string;
  timestamp: number;
  direction: 'in' | 'out';
  text: string | null;
  expiresAt: number | null;
  readAt: number | null;
  attachments?: AttachmentInfo[] | undefined;
  quote?: QuoteInfo | null | undefined;
  /** The current reactions (the store's `message_reactions`), oldest first. */
  reactions?: readonly ReactionEntry[] | undefined;
}

export function messageId(author: string, timestamp: number): string {
  return `${author}:${timestamp}`;
}

export function toMessageObject(m: MessageRowLike): MessageObject {
  return {
    type: 'message',
    id: messageId(m.author, m.timestamp),
    cursor: m.id,
    hash: m.hash,
    from: m.author,
    conversation: m.conversation,
    direction: m.direction,
    timestamp: m.timestamp,
    text: m.text,
    // only what a person or script needs to see: the key and URL stay in the store
    attachments: (m.attachments ?? []).map((a) => ({
      id: a.id,
      fileName: a.fileName,
      contentType: a.contentType,
      size: a.size,
      ...(a.width ? { width: a.width } : {}),
      ...(a.height ? { height: a.height } : {}),
    })),
    expiresAt: m.expiresAt,
    readAt: m.readAt,
    quote: m.quote ?? null,
    ...(m.reactions?.length ? { reactions: summarizeReactions(m.reactions) } : {}),
  };
}

/**
 * A reaction added or taken back (DataMessage.reaction): `id` is the reaction message's own
 * `FROM:TIMESTAMP`, `target` the id of the message it is on, `reactions` that message's
 * reactions after it.
 */
export interface ReactionEvent {
  type: 'reaction';
  id: string;
  cursor: number;
  target: string;
  from: string;
  conversation: string;
  emoji: string;
  action: 'react' | 'remove';
  timestamp: number;
  reactions: ReactionSummary;
}

/** A message deleted for everyone by its author (messages.md §7). */
export interface UnsendEvent {
  type: 'unsend';
  /** The id of the message that was deleted. */
  id: string;
  cursor: number;
  from: string;
  conversation: string;
  timestamp: number;
}

/** A read receipt for one of our messages. */
export interface ReadEvent {
  type: 'read';
  /** The id of our message that was read. */
  id: string;
  cursor: number;
  by: string;
  conversation: string;
  readAt: number;
}

export interface TypingEvent {
  type: 'typing';
  /** `FROM:TIMESTAMP` of the typing message. */
  id: string;
  cursor: number;
  from: string;
  conversation: string;
  action: 'started' | 'stopped';
  timestamp: number;
}

/** First contact from someone we have not accepted (messages.md §4). */
export interface RequestEvent {
  type: 'request';
  /** The id of the message that opened the request. */
  id: string;
  cursor: number;
  from: string;
  conversation: string;
  displayName: string | null;
  timestamp: number;
}

/**
 * Something that happened to a group (groups-and-config.md §4.7–4.8): `conversation` is the
 * group ID, `from` who did it, `members` whom it concerns.
 */
export interface GroupEvent {
  type: 'group';
  /** `FROM:TIMESTAMP` of the control message (or of the invite). */
  id: string;
  cursor: number;
  conversation: string;
  action:
    | 'invited'
    | 'joined'
    | 'added'
    | 'left'
    | 'removed'
    | 'promoted'
    | 'renamed'
    | 'kicked'
    | 'destroyed'
    | 'disappearing';
  from: string;
  members: string[];
  name: string | null;
  timestamp: number;
  /** Only on `disappearing`: the group's new timer (as `group info` shows it); null = off. */
  disappearing?: { mode: 'after-send'; seconds: number } | null;
}

export type StreamEvent =
  MessageObject | UnsendEvent | ReadEvent | TypingEvent | RequestEvent | ReactionEvent;

/** The range `Date` accepts (±8.64e15 ms); beyond it `toISOString()` throws RangeError. */
const MAX_DATE_MS = 8.64e15;

/**
 * An ISO time for people; a timestamp outside what a Date can hold (a sender can put anything in
 * a uint64) is shown as the raw number instead of crashing the output.
 */
export function formatTime(ms: number): string {
  if (!Number.isFinite(ms) || Math.abs(ms) > MAX_DATE_MS) return `invalid-time(${ms})`;
  return new Date(ms).toISOString();
}

/** Names to show instead of Account IDs, and which conversations are pending requests. */
export interface DisplayContext {
  own: string;
  nameOf(accountId: string): string | null | undefined;
  isRequest(conversation: string): boolean;
}

function who(id: string, ctx: DisplayContext): string {
  if (id === ctx.own) return 'me';
  const name = ctx.nameOf(id);
  return name ? `${name} (${id.slice(0, 8)}…)` : id;
}

/** One human line per event; continuation lines of multi-line text are indented under the first. */
export function renderHuman(e: StreamEvent | GroupEvent, ctx: DisplayContext): string {
  switch (e.type) {
    case 'message': {
      const req = e.direction === 'in' && ctx.isRequest(e.conversation) ? '[request] ' : '';
      const arrow =
        e.direction === 'out'
          ? `me -> ${e.conversation === ctx.own ? 'Note to Self' : who(e.conversation, ctx)}`
          : who(e.from, ctx);
      const head = `${formatTime(e.timestamp)}  ${req}${arrow}: `;
      const lines = (e.text ?? '').split(/\r?\n/);
      const pad = ' '.repeat(4);
      const files = e.attachments.map(
        (a, i) =>
          `${pad}[attachment ${i + 1}] ${a.fileName ?? a.id} (${a.contentType ?? 'unknown type'}, ${a.size} bytes)`,
      );
      // the quoted message's first line, and the reactions below everything
      const quote = e.quote
        ? [
            `${pad}> ${who(e.quote.author, ctx)}: ${(e.quote.text ?? '(message not available)').split(/\r?\n/)[0]}`,
          ]
        : [];
      const reacts = Object.entries(e.reactions ?? {});
      const reactions = reacts.length
        ? [`${pad}[reactions] ${reacts.map(([emoji, r]) => `${emoji} ${r.count}`).join('  ')}`]
        : [];
      // a line starts with the time, so the quote is the first continuation line, not above it
      return [
        head + (lines[0] ?? ''),
        ...quote,
        ...lines.slice(1).map((l) => pad + l),
        ...files,
        ...reactions,
      ].join('\n');
    }
    case 'unsend':
      return `${formatTime(e.timestamp)}  ${who(e.from, ctx)} deleted a message (${e.id})`;
    case 'read':
      return `${formatTime(e.readAt)}  ${who(e.by, ctx)} read your message (${e.id})`;
    case 'typing':
      return `${formatTime(e.timestamp)}  ${who(e.from, ctx)} ${e.action === 'started' ? 'is typing…' : 'stopped typing'}`;
    case 'reaction':
      return `${formatTime(e.timestamp)}  ${who(e.from, ctx)} ${e.action === 'react' ? 'reacted' : 'took back'} ${e.emoji} ${e.action === 'react' ? 'to' : 'on'} ${e.target}`;
    case 'request':
      return `${formatTime(e.timestamp)}  [request] new message request from ${e.displayName ? `${e.displayName} (${e.from})` : e.from}`;
    case 'group': {
      const g = e.name ? `${e.name} (${e.conversation.slice(0, 10)}…)` : e.conversation;
      const whom = e.members.map((m) => who(m, ctx)).join(', ');
      if (e.action === 'disappearing')
        return `${formatTime(e.timestamp)}  [group ${g}] ${who(e.from, ctx)} ${
          e.disappearing
            ? `set messages to disappear ${e.disappearing.seconds} s after sending`
            : 'turned disappearing messages off'
        }`;
      return `${formatTime(e.timestamp)}  [group ${g}] ${who(e.from, ctx)} ${e.action}${whom ? ` ${whom}` : ''}`;
    }
  }
}
