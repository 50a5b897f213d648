import { checkAccountArg, describeAccountArg, namesField, resolveAccountArgOffline } from './account-arg.js';
import { pushConfigChanges } from './config-push.js';
import { withStore } from './store-flags.js';

export interface BlockResult {
  accountId: string;
  names?: Record<string, string>;
  /** When a 15 id was given: it, next to the Account ID behind it. */
  blindedId?: string;
  blocked: boolean;
  pushed: boolean;
}

type BlockFlags = Parameters<typeof pushConfigChanges>[0] & Parameters<typeof resolveAccountArgOffline>[1];

/**
 * `contact block|unblock ARG`: an Account ID or Session name, or the 15 id of a community DM,
 * which stands for the person behind it (the Account ID their DMs revealed). Recorded in the
 * Contacts config and pushed, so every device of ours blocks alike.
 */
export async function setBlockedFromArg(o: {
  arg: string;
  blocked: boolean;
  flags: BlockFlags;
  signal: AbortSignal;
  log: (line: string) => void;
  note: (warning: string) => void;
}): Promise<BlockResult> {
  const { blockContact } = await import('../actions/contacts.js');
  const { accountBehindDm, blindedArg } = await import('../actions/community-dm.js');
  const dm = blindedArg(o.arg);
  const now = Date.now();
  let id: string;
  let names: { names?: Record<string, string> } = {};
  if (dm !== undefined) {
    id = await withStore(o.flags, async (s, info) => {
      const behind = accountBehindDm(s, dm);
      await blockContact(s, info.accountId, behind, o.blocked, now);
      return behind;
    });
    o.log(`${id} (behind ${dm}) is now ${o.blocked ? 'blocked' : 'unblocked'}`);
  } else {
    const arg = checkAccountArg(o.arg); // ID or name: checked before any traffic
    const who = await resolveAccountArgOffline(arg, o.flags, o.signal);
    id = who.accountId;
    await withStore(o.flags, (s, info) => blockContact(s, info.accountId, id, o.blocked, now));
    o.log(`${describeAccountArg(who)} is now ${o.blocked ? 'blocked' : 'unblocked'}`);
    names = namesField([who]);
  }
  const p = await pushConfigChanges(o.flags, o.signal);
  if (p.warning) o.note(p.warning);
  return { accountId: id, ...names, ...(dm ? { blindedId: dm } : {}), blocked: o.blocked, pushed: p.pushed };
}
