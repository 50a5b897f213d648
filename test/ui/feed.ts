import type { ChatBackend, ChatEvent } from '../../src/ui/backend.js';

/**
 * A chat backend's live events, collected until `stop()` (or until the feed ends by itself:
 * `ended`).
 */
export function collect(b: ChatBackend): {
  events: ChatEvent[];
  ended: Promise<void>;
  stop: () => Promise<void>;
} {
  const events: ChatEvent[] = [];
  const stop = new AbortController();
  const ended = (async () => {
    for await (const e of b.events(stop.signal)) events.push(e);
  })();
  return { events, ended, stop: async () => (stop.abort(), await ended) };
}
