import type {
  BackendCapabilities,
  ChatBackend,
  ChatConversation,
  ChatEvent,
  ChatMessage,
  SendOptions,
} from '../../src/ui/backend.js';

export const OWN = `05${'a'.repeat(64)}`;
export const BOB = `05${'b'.repeat(64)}`;
export const CAROL = `05${'c'.repeat(64)}`;
export const DAVE = `05${'d'.repeat(64)}`;

export function conv(id: string, over: Partial<ChatConversation> = {}): ChatConversation {
  return {
    id,
    kind: 'direct',
    name: null,
    noteToSelf: id === OWN,
    state: 'accepted',
    blocked: false,
    unread: 0,
    lastMessageAt: null,
    mutedUntil: null,
    ...over,
  };
}

let cursor = 0;
export function msg(
  conversation: string,
  from: string,
  text: string,
  over: Partial<ChatMessage> = {},
): ChatMessage {
  const timestamp = over.timestamp ?? 1_700_000_000_000 + ++cursor * 1000;
  return {
    type: 'message',
    id: `${from}:${timestamp}`,
    cursor: over.cursor ?? cursor,
    hash: null,
    from,
    conversation,
    direction: from === OWN ? 'out' : 'in',
    timestamp,
    text,
    attachments: [],
    expiresAt: null,
    readAt: null,
    ...over,
  };
}

/** A backend in memory: records calls, and `push` delivers a live event. */
export class FakeBackend implements ChatBackend {
  readonly own = OWN;
  capabilities: BackendCapabilities = { quote: true, react: false, mute: false, leave: false };
  calls: { method: string; args: unknown[] }[] = [];
  convs: ChatConversation[];
  history: Map<string, ChatMessage[]>;
  failSend: Error | undefined;
  private queue: ChatEvent[] = [];
  private wake: (() => void) | undefined;
  closed = false;

  constructor(convs: ChatConversation[], history: Record<string, ChatMessage[]> = {}) {
    this.convs = convs;
    this.history = new Map(Object.entries(history));
  }

  private record(method: string, ...args: unknown[]) {
    this.calls.push({ method, args });
  }

  called(method: string) {
    return this.calls.filter((c) => c.method === method);
  }

  conversations() {
    this.record('conversations');
    return Promise.resolve(this.convs.map((c) => ({ ...c })));
  }

  messages(conversation: string, page: { before?: number; limit: number }) {
    this.record('messages', conversation, page);
    const all = (this.history.get(conversation) ?? []).filter(
      (m) => page.before === undefined || m.cursor < page.before,
    );
    return Promise.resolve(all.slice(-page.limit));
  }

  send(conversation: string, text: string, opts: SendOptions = {}) {
    this.record('send', conversation, text, opts);
    if (this.failSend) return Promise.reject(this.failSend);
    const m = msg(conversation, OWN, text);
    this.history.set(conversation, [...(this.history.get(conversation) ?? []), m]);
    return Promise.resolve(m);
  }

  accept(conversation: string) {
    this.record('accept', conversation);
    this.convs = this.convs.map((c) => (c.id === conversation ? { ...c, state: 'accepted' } : c));
    return Promise.resolve();
  }

  block(conversation: string) {
    this.record('block', conversation);
    this.convs = this.convs.map((c) => (c.id === conversation ? { ...c, blocked: true } : c));
    return Promise.resolve();
  }

  markRead(conversation: string) {
    this.record('markRead', conversation);
    this.convs = this.convs.map((c) => (c.id === conversation ? { ...c, unread: 0 } : c));
    return Promise.resolve();
  }

  push(e: ChatEvent) {
    // as a store would: an incoming message counts as unread until the conversation is read
    if (e.type === 'message' && e.direction === 'in')
      this.convs = this.convs.map((c) => (c.id === e.conversation ? { ...c, unread: c.unread + 1 } : c));
    this.queue.push(e);
    this.wake?.();
  }

  async *events(signal: AbortSignal): AsyncIterable<ChatEvent> {
    while (!signal.aborted) {
      const e = this.queue.shift();
      if (e) {
        yield e;
        continue;
      }
      await new Promise<void>((r) => {
        this.wake = r;
        signal.addEventListener('abort', () => r(), { once: true });
      });
      this.wake = undefined;
    }
  }

  close() {
    this.closed = true;
    return Promise.resolve();
  }
}

/** Waits until `check()` holds (the UI renders asynchronously), failing after `timeoutMs`. */
export async function until(check: () => boolean, what: string, timeoutMs = 10_000): Promise<void> {
  const start = Date.now();
  while (!check()) {
    if (Date.now() - start > timeoutMs) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

/** Types keys one at a time, as a person would (Ink reads them one input event each). */
export async function type(stdin: { write(s: string): void }, ...keys: string[]): Promise<void> {
  for (const k of keys) {
    stdin.write(k);
    await new Promise((r) => setTimeout(r, 30));
  }
}
