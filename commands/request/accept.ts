import { Args } from '@oclif/core';
import { BaseCommand } from '../../src/cli/base-command.js';
import { secretFlags } from '../../src/cli/context.js';
import { SessionError } from '../../src/errors.js';
import {
  checkAccountArg,
  describeAccountArg,
  namesField,
  resolveAccountArgsWithClient,
} from '../../src/cli/account-arg.js';

export default class RequestAccept extends BaseCommand<typeof RequestAccept> {
  static override summary =
    'Accept a message request: the conversation becomes normal and the sender is told.';
  static override description =
    'Sends a MessageRequestResponse (approved, with your display name) to the requester (messages.md §4). A community DM request (15…) is accepted here only: nothing is sent, which would tell them your Account ID.';
  static override examples = ['<%= config.bin %> request accept 05…'];
  static override args = {
    accountId: Args.string({
      description: 'Account ID or Session name of the requester, or the 15 id of a community DM.',
      required: true,
    }),
  };
  static override flags = { ...secretFlags };

  async run(): Promise<{
    accountId: string;
    names?: Record<string, string>;
    state: 'accepted';
    /** The MessageRequestResponse's hash; null for a community DM (15…), which sends none. */
    responseHash: string | null;
  }> {
    const { blindedArg, setDmRequestState } = await import('../../src/actions/community-dm.js');
    const dm = blindedArg(this.args.accountId);
    if (dm !== undefined) {
      // A community DM's request: accepted here. Nothing is sent: a response through the swarm
      // would tell them our Account ID; they learn of it when we answer (`community dm`).
      const { withStore } = await import('../../src/cli/store-flags.js');
      await withStore(this.flags, (s) => setDmRequestState(s, dm, 'accepted'));
      this.log(`Accepted ${dm} (a community DM: they learn of it when you answer)`);
      return { accountId: dm, state: 'accepted', responseHash: null };
    }
    const arg = checkAccountArg(this.args.accountId); // ID or name: checked before any traffic
    const { clientFromFlags } = await import('../../src/cli/client-flags.js');
    const { respondToRequest } = await import('../../src/actions/requests.js');
    const client = await clientFromFlags(this.flags);
    try {
      const [who] = await resolveAccountArgsWithClient([arg], client, this.signal);
      const id = who!.accountId;
      if (!client.store.conversation(id)) throw new SessionError('NOT_FOUND', `no conversation with ${id}`);
      const r = await respondToRequest(client, id);
      this.log(`Accepted ${describeAccountArg(who!)}`);
      // the Contacts config change, to our other devices now (best-effort: else the next sync)
      const { pushPending } = await import('../../src/actions/sync.js');
      try {
        for (const w of (await pushPending(client, { signal: this.signal })).warnings) this.note(w);
      } catch (e) {
        if (this.signal.aborted) throw e;
        this.note(`contact approval not pushed yet (${(e as Error).message}): the next sync pushes it`);
      }
      return { accountId: id, ...namesField([who!]), state: 'accepted', responseHash: r.hash };
    } finally {
      await client.close();
    }
  }
}
