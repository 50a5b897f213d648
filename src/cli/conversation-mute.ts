import { SessionError } from '../errors.js';
import { pushConfigChanges } from './config-push.js';
import { conversationArg, resolveConversationArg } from './conversation-arg.js';
import { withStore } from './store-flags.js';

/**
 * What `conversation mute|unmute` share: the argument (an Account ID or name, a 03 group, a
 * community room URL; checked before any traffic), one change of the conversation's mute-until
 * in the configs, then the push to our other devices (as `conversation pin` does).
 */
export const muteConversationArg = conversationArg;

export interface MuteCommandResult {
  conversation: string;
  kind: 'direct' | 'group' | 'community';
  names?: Record<string, string>;
  /** Unix seconds, or null when not muted. */
  mutedUntil: number | null;
  forever: boolean;
  pushed: boolean;
}

/** `muteUntilS`: a function of the time the change is made (0: unmute). */
export async function changeMute(
  input: string,
  muteUntilS: (nowMs: number) => number,
  flags: Parameters<typeof pushConfigChanges>[0],
  signal: AbortSignal,
  out: { log(line: string): void; note(line: string): void },
): Promise<MuteCommandResult> {
  const { setConversationMute } = await import('../actions/conversation-mute.js');
  const { blindedArg } = await import('../actions/community-dm.js');
  if (blindedArg(input) !== undefined)
    throw new SessionError(
      'INVALID_INPUT',
      'a community DM has no mute setting (Session keeps none for one)',
      {
        hint: 'its Contacts entry (`b`) holds a priority only: `conversation hide` takes it out of the list',
      },
    );
  const { target: t, described, names } = await resolveConversationArg(input, flags, signal);
  const r = await withStore(flags, (s, info) => {
    const now = Date.now();
    return setConversationMute(s, info.accountId, t, muteUntilS(now), now);
  });
  out.log(`${described}: ${describeMute(r)}`);
  const p = await pushConfigChanges(flags, signal);
  if (p.warning) out.note(p.warning);
  return {
    conversation: r.conversation,
    kind: r.kind,
    ...names,
    mutedUntil: r.mutedUntil,
    forever: r.forever,
    pushed: p.pushed,
  };
}

/** "muted until 2026-12-01T16:00:00Z", "muted until you unmute it", "not muted". */
export function describeMute(r: { mutedUntil: number | null; forever: boolean }): string {
  if (r.mutedUntil === null) return 'not muted';
  if (r.forever) return 'muted until you unmute it';
  return `muted until ${new Date(r.mutedUntil * 1000).toISOString().replace(/\.000Z$/, 'Z')}`;
}
