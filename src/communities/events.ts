import type { MessageObject, ReactionEvent, RequestEvent } from '../messages/message-object.js';
import { formatTime } from '../messages/message-object.js';
import type { CommunityMessageRow, JoinedRoom } from '../store/communities.js';
import { isBlinded15 } from '../identity/ids.js';

/**
 * What `community read` prints and `community watch` streams (NDJSON): message objects for new
 * messages, and `edit`, `delete` and `reactions` events for changes to known ones. All carry the
 * room (`conversation`), the server message `id`, and the room `seqno` of the change as `cursor`.
 */
export interface CommunityEditEvent extends Omit<MessageObject, 'type'> {
  type: 'edit';
}

export interface CommunityDeleteEvent {
  type: 'delete';
  id: string;
  cursor: number;
  seqno: number;
  conversation: string;
}

export interface CommunityReactionsEvent {
  type: 'reactions';
  id: string;
  cursor: number;
  seqno: number;
  conversation: string;
  reactions: Record<string, { count: number; you?: boolean }>;
}

export type CommunityEvent =
  | MessageObject
  | CommunityEditEvent
  | CommunityDeleteEvent
  | CommunityReactionsEvent
  /** A stranger's first community DM (`community watch` polls the inboxes too). */
  | RequestEvent
  /** A reaction to a message of a community DM (the 1:1 event: `target`, `emoji`, `action`). */
  | ReactionEvent;

export function conversationOf(room: Pick<JoinedRoom, 'baseUrl' | 'token'>): string {
  return `${room.baseUrl}/${room.token}`;
}

function reactionCounts(
  r: CommunityMessageRow['reactions'],
): Record<string, { count: number; you?: boolean }> {
  const out: Record<string, { count: number; you?: boolean }> = {};
  for (const [emoji, x] of Object.entries(r))
    out[emoji] = { count: x.count, ...(x.you ? { you: true } : {}) };
  return out;
}

export function communityMessageObject(
  room: JoinedRoom,
  m: CommunityMessageRow,
  own: Set<string>,
): MessageObject {
  return {
    type: 'message',
    id: String(m.serverId),
    cursor: m.seqno,
    hash: null,
    from: m.author,
    conversation: conversationOf(room),
    direction: own.has(m.author) ? 'out' : 'in',
    timestamp: m.postedMs,
    text: m.body,
    attachments: m.attachments.map((a) => ({
      id: a.id,
      fileName: a.fileName,
      contentType: a.contentType,
      size: a.size,
      ...(a.width ? { width: a.width } : {}),
      ...(a.height ? { height: a.height } : {}),
    })),
    expiresAt: null,
    readAt: null,
    quote: m.quote
      ? {
          id: m.quote.found ? String(m.quote.found.serverId) : null,
          author: m.quote.author,
          text: m.quote.found?.body ?? m.quote.text,
        }
      : null,
    seqno: m.seqno,
    reactions: reactionCounts(m.reactions),
    editedAt: m.editedMs,
  };
}

/**
 * The events a message's changes after `since` make, in seqno order: a message created after it
 * is new (its current version); otherwise a delete, an edit and/or a reaction change.
 */
export function eventsFor(
  room: JoinedRoom,
  m: CommunityMessageRow,
  since: number,
  own: Set<string>,
): CommunityEvent[] {
  const conversation = conversationOf(room);
  const id = String(m.serverId);
  if (m.firstSeqno > since) return m.deleted ? [] : [communityMessageObject(room, m, own)];
  if (m.deleted) return [{ type: 'delete', id, cursor: m.seqno, seqno: m.seqno, conversation }];
  const out: CommunityEvent[] = [];
  const reactions: CommunityReactionsEvent = {
    type: 'reactions',
    id,
    cursor: m.reactionsSeqno,
    seqno: m.reactionsSeqno,
    conversation,
    reactions: reactionCounts(m.reactions),
  };
  const edit = (): CommunityEditEvent => ({
    ...communityMessageObject(room, m, own),
    type: 'edit',
    cursor: m.dataSeqno,
  });
  const dataNew = m.dataSeqno > since;
  const reactNew = m.reactionsSeqno > since;
  if (dataNew && reactNew)
    out.push(...(m.dataSeqno <= m.reactionsSeqno ? [edit(), reactions] : [reactions, edit()]));
  else if (dataNew) out.push(edit());
  else if (reactNew) out.push(reactions);
  return out;
}

/** One human line per event. */
export function renderCommunityEvent(e: CommunityEvent): string {
  switch (e.type) {
    case 'message':
    case 'edit': {
      const who = e.direction === 'out' ? 'me' : `${e.from.slice(0, 10)}…`;
      // (a community DM: its conversation is the other side's 15 id, not a room's URL)
      const dm = isBlinded15(e.conversation) ? `DM ${e.conversation.slice(0, 10)}… ` : '';
      const tag = e.type === 'edit' ? ' (edited)' : '';
      const reacts = Object.entries(e.reactions ?? {})
        .map(([k, v]) => `${k}${v.count}`)
        .join(' ');
      const lines = (e.text ?? '').split(/\r?\n/);
      const head = `${formatTime(e.timestamp)}  ${dm}[${e.id}] ${who}${tag}: ${lines[0] ?? ''}`;
      return [head, ...lines.slice(1).map((l) => `    ${l}`), ...(reacts ? [`    ${reacts}`] : [])].join(
        '\n',
      );
    }
    case 'delete':
      return `[${e.id}] was deleted`;
    case 'request':
      return `${formatTime(e.timestamp)}  DM request from ${e.displayName ?? '(no name)'} (${e.conversation.slice(0, 10)}…)`;
    case 'reactions': {
      const r = Object.entries(e.reactions)
        .map(([k, v]) => `${k}${v.count}`)
        .join(' ');
      return `[${e.id}] reactions: ${r || '(none)'}`;
    }
    case 'reaction':
      return `${formatTime(e.timestamp)}  DM ${e.conversation.slice(0, 10)}… ${e.from === e.conversation ? `${e.from.slice(0, 10)}…` : 'me'} ${e.action === 'react' ? 'reacted' : 'took back'} ${e.emoji} ${e.action === 'react' ? 'to' : 'on'} ${e.target}`;
  }
}
