import type { ChatConversation, ChatEvent, ChatMessage } from './backend.js';

/**
 * Everything the chat UI shows, changed only by `reduce` (pure: testable without rendering).
 * Side effects (backend calls) live in App.tsx and report back through actions.
 */
export interface SearchState {
  query: string;
  /** Still typing the query (Enter ends it). */
  editing: boolean;
  /** Indexes into `messages` of the matches, oldest first. */
  matches: number[];
  /** Which match is current (index into `matches`). */
  at: number;
}

export interface ChatState {
  own: string;
  conversations: ChatConversation[];
  /** The highlighted conversation in the list (by id, so it survives re-ordering). */
  selectedId: string | null;
  /** The open conversation, or null (the list has the keys). */
  openId: string | null;
  /** The open conversation's loaded history, oldest first. */
  messages: ChatMessage[];
  /** Whether older messages may exist beyond what is loaded. */
  hasOlder: boolean;
  /** Messages hidden below the view: 0 follows the newest. */
  scroll: number;
  draft: string;
  attachments: string[];
  replyTo: ChatMessage | null;
  search: SearchState | null;
  help: boolean;
  status: { text: string; error: boolean } | null;
  /** Conversations whose other side is typing now. */
  typing: Record<string, boolean>;
  /** A send or command is running (the composer waits). */
  busy: boolean;
}

export type Action =
  | { type: 'conversations'; list: ChatConversation[] }
  | { type: 'move'; delta: number }
  | { type: 'opened'; id: string; messages: ChatMessage[]; hasOlder: boolean }
  | { type: 'older'; messages: ChatMessage[]; hasOlder: boolean }
  | { type: 'back' }
  | { type: 'event'; event: ChatEvent }
  | { type: 'draft'; text: string }
  | { type: 'attach'; path: string }
  | { type: 'reply'; message: ChatMessage | null }
  | { type: 'sent'; message: ChatMessage }
  | { type: 'scroll'; delta: number }
  | { type: 'help'; show: boolean }
  | { type: 'status'; text: string; error?: boolean }
  | { type: 'clear-status' }
  | { type: 'busy'; busy: boolean }
  | { type: 'search-start' }
  | { type: 'search-query'; query: string }
  | { type: 'search-submit' }
  | { type: 'search-next'; delta: number }
  | { type: 'search-end' };

export function initialState(own: string): ChatState {
  return {
    own,
    conversations: [],
    selectedId: null,
    openId: null,
    messages: [],
    hasOlder: false,
    scroll: 0,
    draft: '',
    attachments: [],
    replyTo: null,
    search: null,
    help: false,
    status: null,
    typing: {},
    busy: false,
  };
}

/** Inserts or replaces by id, keeping time order (a sent message also arrives as an event). */
function upsert(list: ChatMessage[], m: ChatMessage): { list: ChatMessage[]; added: boolean } {
  const i = list.findIndex((x) => x.id === m.id);
  if (i >= 0) {
    const next = list.slice();
    next[i] = { ...list[i], ...m };
    return { list: next, added: false };
  }
  let at = list.length;
  while (at > 0 && list[at - 1]!.timestamp > m.timestamp) at--;
  return { list: [...list.slice(0, at), m, ...list.slice(at)], added: true };
}

function matchesOf(messages: ChatMessage[], query: string): number[] {
  const q = query.toLowerCase();
  if (q === '') return [];
  return messages.flatMap((m, i) =>
    (m.text ?? '').toLowerCase().includes(q) ||
    m.attachments.some((a) => (a.fileName ?? '').toLowerCase().includes(q))
      ? [i]
      : [],
  );
}

/** Scroll so that message `index` is the newest one shown. */
function scrollTo(state: ChatState, index: number): number {
  return Math.max(0, state.messages.length - 1 - index);
}

function onEvent(state: ChatState, e: ChatEvent): ChatState {
  switch (e.type) {
    case 'message': {
      const open = e.conversation === state.openId;
      const conversations = state.conversations.map((c) =>
        c.id === e.conversation
          ? {
              ...c,
              lastMessageAt: Math.max(c.lastMessageAt ?? 0, e.timestamp),
              unread: !open && e.direction === 'in' ? c.unread + 1 : c.unread,
            }
          : c,
      );
      if (!open) return { ...state, conversations };
      const { list, added } = upsert(state.messages, e);
      const typing = e.direction === 'in' ? { ...state.typing, [e.conversation]: false } : state.typing;
      // Reading history (scrolled up): the view stays on what is being read.
      const scroll = added && state.scroll > 0 ? state.scroll + 1 : state.scroll;
      return { ...state, conversations, messages: list, scroll, typing };
    }
    case 'unsend':
      return { ...state, messages: state.messages.filter((m) => m.id !== e.id) };
    // a community room's changes (server message ids are only unique within their room)
    case 'edit': {
      if (e.conversation !== state.openId) return state;
      const { type: _edit, ...rest } = e;
      const i = state.messages.findIndex((m) => m.id === e.id);
      if (i < 0) return state;
      const messages = state.messages.slice();
      messages[i] = { ...messages[i]!, ...rest, type: 'message' };
      return { ...state, messages };
    }
    case 'delete':
      if (e.conversation !== state.openId) return state;
      return { ...state, messages: state.messages.filter((m) => m.id !== e.id) };
    case 'reactions':
      if (e.conversation !== state.openId) return state;
      return {
        ...state,
        messages: state.messages.map((m) => (m.id === e.id ? { ...m, reactions: e.reactions } : m)),
      };
    case 'read':
      return {
        ...state,
        messages: state.messages.map((m) => (m.id === e.id ? { ...m, readAt: e.readAt } : m)),
      };
    case 'typing':
      return { ...state, typing: { ...state.typing, [e.conversation]: e.action === 'started' } };
    case 'reaction':
      // the event carries the message's reactions after it: they replace what is shown
      return {
        ...state,
        messages: state.messages.map((m) => {
          if (m.id !== e.target) return m;
          const { reactions: _old, ...rest } = m;
          return Object.keys(e.reactions).length > 0 ? { ...rest, reactions: e.reactions } : rest;
        }),
      };
    case 'request':
      return {
        ...state,
        status: {
          text: `New message request from ${e.displayName ?? `${e.from.slice(0, 10)}…`}`,
          error: false,
        },
      };
    case 'error':
      return { ...state, status: { text: e.message, error: true } };
    case 'conversations-changed':
      return state;
  }
}

export function reduce(state: ChatState, a: Action): ChatState {
  switch (a.type) {
    case 'conversations': {
      const stillThere = a.list.some((c) => c.id === state.selectedId);
      return {
        ...state,
        conversations: a.list,
        selectedId: stillThere ? state.selectedId : (a.list[0]?.id ?? null),
      };
    }
    case 'move': {
      const n = state.conversations.length;
      if (n === 0) return state;
      const i = Math.max(
        0,
        state.conversations.findIndex((c) => c.id === state.selectedId),
      );
      const next = Math.min(n - 1, Math.max(0, i + a.delta));
      return { ...state, selectedId: state.conversations[next]!.id };
    }
    case 'opened':
      return {
        ...state,
        openId: a.id,
        selectedId: a.id,
        messages: a.messages,
        hasOlder: a.hasOlder,
        scroll: 0,
        search: null,
        replyTo: null,
        conversations: state.conversations.map((c) => (c.id === a.id ? { ...c, unread: 0 } : c)),
      };
    case 'older': {
      const known = new Set(state.messages.map((m) => m.id));
      const older = a.messages.filter((m) => !known.has(m.id));
      return { ...state, messages: [...older, ...state.messages], hasOlder: a.hasOlder };
    }
    case 'back':
      return {
        ...state,
        openId: null,
        messages: [],
        search: null,
        replyTo: null,
        scroll: 0,
        attachments: [],
      };
    case 'event':
      return onEvent(state, a.event);
    case 'draft':
      return { ...state, draft: a.text };
    case 'attach':
      return { ...state, attachments: [...state.attachments, a.path] };
    case 'reply':
      return { ...state, replyTo: a.message };
    case 'sent': {
      const { list } = upsert(state.messages, a.message);
      return {
        ...state,
        messages: a.message.conversation === state.openId ? list : state.messages,
        draft: '',
        attachments: [],
        replyTo: null,
        scroll: 0,
      };
    }
    case 'scroll': {
      const scroll = Math.min(Math.max(0, state.messages.length - 1), Math.max(0, state.scroll + a.delta));
      return { ...state, scroll };
    }
    case 'help':
      return { ...state, help: a.show };
    case 'status':
      return { ...state, status: { text: a.text, error: a.error ?? false } };
    case 'clear-status':
      return { ...state, status: null };
    case 'busy':
      return { ...state, busy: a.busy };
    case 'search-start':
      return { ...state, search: { query: '', editing: true, matches: [], at: 0 } };
    case 'search-query': {
      const matches = matchesOf(state.messages, a.query);
      const at = Math.max(0, matches.length - 1);
      return {
        ...state,
        search: { query: a.query, editing: true, matches, at },
        scroll: matches.length ? scrollTo(state, matches[at]!) : state.scroll,
      };
    }
    case 'search-submit':
      return state.search ? { ...state, search: { ...state.search, editing: false } } : state;
    case 'search-next': {
      const s = state.search;
      if (!s || s.matches.length === 0) return state;
      const at = (s.at + a.delta + s.matches.length) % s.matches.length;
      return { ...state, search: { ...s, at }, scroll: scrollTo(state, s.matches[at]!) };
    }
    case 'search-end':
      return { ...state, search: null };
  }
}

/** The conversation the list highlights. */
export function selected(state: ChatState): ChatConversation | undefined {
  return state.conversations.find((c) => c.id === state.selectedId);
}

export function openConversation(state: ChatState): ChatConversation | undefined {
  return state.conversations.find((c) => c.id === state.openId);
}

/** The message a search currently points at, if any. */
export function currentMatch(state: ChatState): ChatMessage | undefined {
  const s = state.search;
  if (!s || s.matches.length === 0) return undefined;
  return state.messages[s.matches[s.at]!];
}
