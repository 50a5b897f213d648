import type { MessageObject, StreamEvent } from '../messages/message-object.js';

/**
 * The seam between the chat UI and whatever does the messaging: the embedded library core
 * (local-backend.ts) or a running daemon. The UI never touches the store or the network itself,
 * so both can serve it and component tests can hand it a fake.
 */

/** Built for 1:1 now; groups and communities get their own kinds when they land. */
export type ConversationKind = 'direct' | 'group' | 'community';

export interface ChatConversation {
  id: string;
  kind: ConversationKind;
  /** The resolved display name, or null (the UI shows a shortened id). */
  name: string | null;
  noteToSelf: boolean;
  /** 'accepted', 'request' (a first contact not yet accepted), 'declined'. */
  state: string;
  blocked: boolean;
  unread: number;
  lastMessageAt: number | null;
  /** Muted until this time (ms), or null. */
  mutedUntil: number | null;
}

/** What a reply shows of the message it quotes. */
export interface QuoteInfo {
  id: string;
  author: string;
  text: string | null;
}

/**
 * The one message object (reactions and edits as communities carry them), plus the quote a reply
 * shows when the wire layer carries quotes.
 */
export type ChatMessage = MessageObject & {
  quote?: QuoteInfo | null;
};

/**
 * What `message receive --follow` emits (message objects and request/read/typing/unsend events),
 * plus the backend's own notices: a poll that failed (the loop goes on) and a changed list.
 */
export type ChatEvent = StreamEvent | { type: 'error'; message: string } | { type: 'conversations-changed' };

export interface SendOptions {
  /** Paths of files to attach (read and uploaded by the backend). */
  attachments?: readonly string[];
  /** The message this one replies to. */
  quote?: ChatMessage;
}

/** What a backend can do beyond the basics; the UI says "not supported" for the rest. */
export interface BackendCapabilities {
  quote: boolean;
  react: boolean;
  mute: boolean;
  leave: boolean;
}

export interface ChatBackend {
  /** Our Account ID. */
  readonly own: string;
  readonly capabilities: BackendCapabilities;
  conversations(): Promise<ChatConversation[]>;
  /** Oldest first; `before` is a message cursor (only older messages), `limit` the most returned. */
  messages(conversation: string, page: { before?: number; limit: number }): Promise<ChatMessage[]>;
  send(conversation: string, text: string, opts?: SendOptions): Promise<ChatMessage>;
  accept(conversation: string): Promise<void>;
  block(conversation: string): Promise<void>;
  /** The conversation was shown: unread count cleared, after-read timers started. */
  markRead(conversation: string): Promise<void>;
  react?(conversation: string, message: ChatMessage, emoji: string): Promise<void>;
  mute?(conversation: string, untilMs: number | null): Promise<void>;
  leave?(conversation: string): Promise<void>;
  /** Live updates until `signal` aborts (or close()). */
  events(signal: AbortSignal): AsyncIterable<ChatEvent>;
  close(): Promise<void>;
}
