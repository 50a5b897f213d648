import { SessionError } from '../errors.js';
import type { WireReaction } from './one-to-one.js';

/**
 * 1:1 reactions (messages.md §3.4, DataMessage.reaction = field 11): what a valid one is, and how
 * the reactions of one message are shown. The store keeps one row per (message, reactor, emoji).
 */

/** The same bound communities use for a reaction (communities.md §9): 1–12 code points. */
export const MAX_REACTION_CHARS = 12;

const ACCOUNT_ID = /^05[0-9a-f]{64}$/;

/**
 * Why a received reaction cannot be applied, or undefined when it can (the target is checked apart).
 * `authors`: what may name the message's author (a community DM's messages are by 15 ids too).
 */
export function reactionProblem(r: WireReaction, authors: RegExp = ACCOUNT_ID): string | undefined {
  if (!Number.isSafeInteger(r.timestamp) || r.timestamp <= 0) return 'it names no message (bad timestamp)';
  if (!authors.test(r.author)) return 'it names no message (bad author)';
  // desktop ignores a reaction without an emoji (ts/util/reactions.ts handleMessageReaction)
  if (r.emoji.trim() === '') return 'empty emoji';
  if ([...r.emoji].length > MAX_REACTION_CHARS) return `emoji longer than ${MAX_REACTION_CHARS} characters`;
  return undefined;
}

/** An emoji to send: refused (exit 2) before any network traffic when a receiver would drop it. */
export function checkReactionEmoji(emoji: string): string {
  const n = [...emoji].length;
  if (emoji.trim() === '' || n > MAX_REACTION_CHARS)
    throw new SessionError(
      'INVALID_INPUT',
      `a reaction is 1 to ${MAX_REACTION_CHARS} characters (code points)`,
    );
  return emoji;
}

/** One reactor's current emoji on a message, as the store returns them (oldest first). */
export interface ReactionEntry {
  emoji: string;
  from: string;
  /** The reactor is this profile's account. */
  you: boolean;
}

/**
 * The message object's `reactions` (README "Message object"): emoji → count, who, and whether we
 * are among them. Communities show the same shape without `from` (the server gives counts).
 */
export type ReactionSummary = Record<string, { count: number; you?: boolean; from?: string[] }>;

/** Emoji in the order they were first used; reactors in the order they reacted. */
export function summarizeReactions(entries: readonly ReactionEntry[]): ReactionSummary {
  const out: ReactionSummary = {};
  for (const e of entries) {
    const s = (out[e.emoji] ??= { count: 0, from: [] });
    if (s.from!.includes(e.from)) continue;
    s.count++;
    s.from!.push(e.from);
    if (e.you) s.you = true;
  }
  return out;
}
