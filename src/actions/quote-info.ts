import { messageId, type QuoteInfo } from '../messages/message-object.js';
import type { WireQuote } from '../messages/one-to-one.js';
import type { MessageStore } from '../store/messages.js';

/**
 * What a received reply shows of the message it quotes (1:1 and group alike): our stored copy's
 * text when we have it (the sender's quoted text is only their word for it), else the text the
 * quote carried.
 */
export function quoteInfo(store: MessageStore, q: WireQuote): QuoteInfo {
  const local = store.findAll(q.author, q.timestamp)[0];
  return {
    id: messageId(q.author, q.timestamp),
    author: q.author,
    text: local?.text ?? q.text ?? null,
  };
}
