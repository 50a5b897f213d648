import { Args } from '@oclif/core';
import { checkAccountArg, describeAccountArg, namesField, resolveAccountArgOffline } from './account-arg.js';
import { pushConfigChanges } from './config-push.js';
import { withStore } from './store-flags.js';

/**
 * What `conversation pin|unpin|hide` share: one argument (ID or name, checked before any traffic),
 * one change of the conversation's priority in the configs, then the push to other devices.
 */
export const conversationArg = {
  conversation: Args.string({
    description: 'Account ID or Session name of the conversation (yours: Note to Self).',
    required: true,
  }),
};

export type PriorityChange = 'pin' | 'unpin' | 'hide';

export interface PriorityResult {
  conversation: string;
  names?: Record<string, string>;
  priority: number;
  pushed: boolean;
}

const SAID: Record<PriorityChange, string> = {
  pin: 'pinned',
  unpin: 'neither pinned nor hidden',
  hide: 'hidden',
};

export async function changePriority(
  change: PriorityChange,
  input: string,
  flags: Parameters<typeof pushConfigChanges>[0],
  signal: AbortSignal,
  out: { log(line: string): void; note(line: string): void },
): Promise<PriorityResult> {
  const arg = checkAccountArg(input);
  const who = await resolveAccountArgOffline(arg, flags, signal);
  const id = who.accountId;
  const actions = await import('../actions/conversation-settings.js');
  const apply = {
    pin: actions.pinConversation,
    unpin: actions.unpinConversation,
    hide: actions.hideConversation,
  }[change];
  const priority = await withStore(flags, (s, info) => apply(s, info.accountId, id, Date.now()));
  out.log(`${describeAccountArg(who)}: ${SAID[change]}`);
  const p = await pushConfigChanges(flags, signal);
  if (p.warning) out.note(p.warning);
  return { conversation: id, ...namesField([who]), priority, pushed: p.pushed };
}
