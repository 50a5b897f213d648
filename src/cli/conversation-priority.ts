import type { ConversationTarget } from '../actions/conversation-target.js';
import { pushConfigChanges } from './config-push.js';
import { resolveConversationArg } from './conversation-arg.js';
import { withStore } from './store-flags.js';

/**
 * What `conversation pin|unpin|hide` share: one argument (a person, a 03 group, a community
 * room URL or a community DM's 15 id; checked before any traffic), one change of the conversation's priority in the
 * configs, then the push to other devices.
 */
export { conversationArg } from './conversation-arg.js';

export type PriorityChange = 'pin' | 'unpin' | 'hide';

export interface PriorityResult {
  conversation: string;
  kind: ConversationTarget['kind'];
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
  const actions = await import('../actions/conversation-settings.js');
  const { blindedArg } = await import('../actions/community-dm.js');
  const dm = blindedArg(input);
  if (dm !== undefined) {
    // a community DM (15…): Contacts `b`, under its server
    const priority = await withStore(flags, (s, info) =>
      actions.changeDmPriority(s, info.accountId, dm, change, Date.now()),
    );
    out.log(`${dm}: ${SAID[change]}`);
    const p = await pushConfigChanges(flags, signal);
    if (p.warning) out.note(p.warning);
    return { conversation: dm, kind: 'direct', priority, pushed: p.pushed };
  }
  const { target, described, names } = await resolveConversationArg(input, flags, signal);
  const apply = {
    pin: actions.pinConversation,
    unpin: actions.unpinConversation,
    hide: actions.hideConversation,
  }[change];
  const priority = await withStore(flags, (s, info) => apply(s, info.accountId, target, Date.now()));
  out.log(`${described}: ${SAID[change]}`);
  const p = await pushConfigChanges(flags, signal);
  if (p.warning) out.note(p.warning);
  return { conversation: target.id, kind: target.kind, ...names, priority, pushed: p.pushed };
}
