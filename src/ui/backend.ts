import type {
  CommunityDeleteEvent,
  CommunityEditEvent,
  CommunityReactionsEvent,
} from '../communities/events.js';
import type { MessageObject, QuoteInfo, ReactionEvent, StreamEvent } from '../messages/message-object.js';

/**
 * The seam between the chat UI and whatever does the messaging: the embedded library core
 * (local-backend.ts) or a running daemon. The UI never touches the store or the network itself,
 * so both can serve it and component tests can hand it a fake.
 */

/** A person (or Note to Self), a 03 group, or a joined community room (its id is the room's URL). */
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

/** What a reply shows of the message it quotes (the message object's `quote`). */
export type { QuoteInfo };

/** The one message object: its quote (1:1 replies) and reactions (1:1 and communities) included. */
export type ChatMessage = MessageObject;

/**
 * What `message receive --follow` emits (message objects and request/read/typing/unsend events),
 * a community room's changes (as `community watch` emits them), plus the backend's own notices:
 * a poll that failed (the loop goes on) and a changed list.
 */
export type ChatEvent =
  | StreamEvent
  | CommunityEditEvent
  | CommunityDeleteEvent
  | CommunityReactionsEvent
  | { type: 'error'; message: string }
  | { type: 'conversations-changed' };

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
  /**
   * Adds `emoji` to the message, or takes it back when it is already ours (as desktop toggles);
   * the reaction event returned updates the view at once (our own sync copy is no news later).
   */
  react?(conversation: string, message: ChatMessage, emoji: string): Promise<ReactionEvent | void>;
  mute?(conversation: string, untilMs: number | null): Promise<void>;
  leave?(conversation: string): Promise<void>;
  /** Live updates until `signal` aborts (or close()). */
  events(signal: AbortSignal): AsyncIterable<ChatEvent>;
  close(): Promise<void>;
}
