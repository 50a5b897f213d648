import { messageId, type ReactionEvent } from '../messages/message-object.js';
import type { WireReaction } from '../messages/one-to-one.js';
import { reactionProblem, summarizeReactions } from '../messages/reactions.js';
import type { MessageStore } from '../store/messages.js';

/** A received reaction, before it is applied: who sent it, in which conversation (05…, 03… or 15…). */
export interface ReceivedReaction {
  from: string;
  conversation: string;
  reaction: WireReaction;
  timestamp: number;
  hash: string;
}

/**
 * Applies received reactions (1:1 and group: the same rules, the same event): only to a stored
 * message of the same conversation, with a usable emoji; anything else is junk, counted in
 * `ignored`. Run after the batch's inserts, since the message reacted to may be in the same batch.
 */
export function applyReceivedReactions(
  store: MessageStore,
  own: string,
  received: readonly ReceivedReaction[],
  cursor: number,
  log?: (line: string) => void,
  /** What may name a message's author (default: Account IDs; a community DM's: 15 ids too). */
  authors?: RegExp,
): { events: ReactionEvent[]; ignored: { hash: string; reason: string }[] } {
  const events: ReactionEvent[] = [];
  const ignored: { hash: string; reason: string }[] = [];
  for (const r of received) {
    const problem = reactionProblem(r.reaction, authors);
    // only a message of this conversation can be reacted to (not one of another chat of ours)
    const target = problem
      ? undefined
      : store.findAll(r.reaction.author, r.reaction.timestamp).find((t) => t.conversation === r.conversation);
    if (problem || !target) {
      ignored.push({ hash: r.hash, reason: `reaction dropped: ${problem ?? 'unknown message'}` });
      log?.(`ignored reaction ${r.hash.slice(0, 10)}…: ${problem ?? 'unknown message'}`);
      continue;
    }
    const changed = store.applyReaction({
      targetAuthor: target.author,
      targetTimestamp: target.timestamp,
      reactor: r.from,
      emoji: r.reaction.emoji,
      action: r.reaction.action,
      at: r.timestamp,
      mine: r.from === own,
    });
    if (!changed) continue; // a duplicate, or older than what we hold
    events.push({
      type: 'reaction',
      id: messageId(r.from, r.timestamp),
      cursor,
      target: messageId(target.author, target.timestamp),
      from: r.from,
      conversation: r.conversation,
      emoji: r.reaction.emoji,
      action: r.reaction.action,
      timestamp: r.timestamp,
      reactions: summarizeReactions(store.reactionsOf(target.author, target.timestamp)),
    });
  }
  return { events, ignored };
}
