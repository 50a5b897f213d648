import { Args } from '@oclif/core';
import type { ConversationTarget } from '../actions/conversation-target.js';
import { checkAccountArg, describeAccountArg, namesField, resolveAccountArgOffline } from './account-arg.js';

/**
 * The argument of `conversation pin|unpin|hide|mark-read|mute|unmute`: a person (Account ID or
 * Session name; yours is Note to Self), a 03 group ID, or a community room URL. Checked (and a
 * name resolved) before any traffic.
 */
export const conversationArg = {
  conversation: Args.string({
    description:
      'Account ID or Session name (yours: Note to Self), 03 group ID, community room URL, or a community DM (15…).',
    required: true,
  }),
};

export interface ResolvedConversation {
  target: ConversationTarget;
  /** How output lines name it (a name with its ID, or the ID/URL). */
  described: string;
  /** `names` of the JSON result, when a Session name was resolved. */
  names: { names?: Record<string, string> };
}

export async function resolveConversationArg(
  input: string,
  flags: Parameters<typeof resolveAccountArgOffline>[1],
  signal: AbortSignal,
): Promise<ResolvedConversation> {
  const { conversationTargetOf } = await import('../actions/conversation-target.js');
  const target = conversationTargetOf(input);
  if (target.kind !== 'direct') return { target, described: target.id, names: {} };
  const who = await resolveAccountArgOffline(checkAccountArg(input), flags, signal);
  return {
    target: { kind: 'direct', id: who.accountId },
    described: describeAccountArg(who),
    names: namesField([who]),
  };
}
