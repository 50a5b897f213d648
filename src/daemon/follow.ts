import { conversationKind } from '../actions/conversation-target.js';
import { renderHuman, toMessageObject, type StreamEvent } from '../messages/message-object.js';
import type { MessageStore } from '../store/messages.js';
import type { JournalEvent } from './journal.js';

/** What `message receive --follow` asked for, when the daemon can serve it from its journal. */
export interface FollowRequest {
  json: boolean;
  since: number | undefined;
  timeoutMs: number | undefined;
  maxMessages: number | undefined;
}

/**
 * A follow served from the daemon's journal: the store's backlog after --since first, then each
 * event the daemon's own poll journals; no second poll of the swarm. Output is what the command
 * prints (NDJSON with --json, human lines otherwise); resolves with its exit code.
 */
export async function serveFollow(o: {
  request: FollowRequest;
  store: MessageStore;
  own: string;
  profile: string;
  subscribe: (listener: (e: JournalEvent) => void) => () => void;
  write: (line: string) => void;
  writeErr: (line: string) => void;
  signal: AbortSignal;
  interrupted: () => boolean;
}): Promise<number> {
  const { request: r, store } = o;
  let cursor = r.since ?? store.maxCursor();
  let count = 0;
  const done = () => r.maxMessages !== undefined && count >= r.maxMessages;
  const render = (e: StreamEvent) => {
    if (r.json) return `${JSON.stringify(e)}\n`;
    const convs = new Map(store.conversations().map((c) => [c.id, c]));
    return `${renderHuman(e, {
      own: o.own,
      nameOf: (id) => convs.get(id)?.displayName,
      isRequest: (id) => convs.get(id)?.state === 'request',
    })}\n`;
  };
  let finish!: () => void;
  const finished = new Promise<void>((resolve) => (finish = resolve));
  // Messages come from the store in cursor order (the store is the source of truth for cursors).
  const drain = () => {
    for (const m of store.since(cursor)) {
      if (done()) break;
      o.write(render(toMessageObject(m)));
      cursor = m.id;
      count++;
    }
    if (done()) finish();
  };
  const unsubscribe = o.subscribe((e) => {
    if (e.profile !== o.profile) return;
    // a community room's events (journaled for webhooks and subscribers) are not the account's
    // swarm: `message receive` without a daemon shows none either (`community watch` does)
    const conversation = e.body.conversation;
    if (typeof conversation === 'string' && conversationKind(conversation) === 'community') return;
    if (e.type === 'message') drain();
    else if (!done()) o.write(render(e.body as unknown as StreamEvent));
  });
  const timer = r.timeoutMs === undefined ? undefined : setTimeout(finish, r.timeoutMs);
  o.signal.addEventListener('abort', finish, { once: true });
  try {
    drain();
    await finished;
  } finally {
    unsubscribe();
    clearTimeout(timer);
    o.signal.removeEventListener('abort', finish);
  }
  if (o.interrupted()) {
    o.writeErr('Interrupted.\n');
    return 130;
  }
  return 0;
}
