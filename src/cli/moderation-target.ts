import type { SessionClient } from '../client.js';
import { checkUserId } from '../actions/community-mod.js';
import { checkNameArg, namesField, resolveAccountArgsWithClient } from './account-arg.js';
import { clientFromFlags } from './client-flags.js';

/**
 * The frame every community moderation command on a user shares (ban, unban, mute, purge): the
 * ID — a 15 blinded id, a 05 Account ID or a Session name — checked before any traffic; the
 * profile's client opened; a name resolved to its Account ID with that client; `act` called with
 * the ID to use; the result given the `names` field when a name was resolved; the client closed.
 */
export async function onModerationTarget<R extends object>(
  flags: Parameters<typeof clientFromFlags>[0],
  id: string,
  signal: AbortSignal | undefined,
  act: (client: SessionClient, userId: string) => Promise<R>,
): Promise<R & { names?: Record<string, string> }> {
  const named = checkNameArg(id);
  if (!named) checkUserId(id);
  const client = await clientFromFlags(flags);
  try {
    const who = named && (await resolveAccountArgsWithClient([named], client, signal))[0]!;
    const r = await act(client, who ? who.accountId : id);
    return who ? { ...r, ...namesField([who]) } : r;
  } finally {
    await client.close();
  }
}
