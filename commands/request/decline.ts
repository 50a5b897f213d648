import { Args } from '@oclif/core';
import { BaseCommand } from '../../src/cli/base-command.js';
import { configPushFlags, pushConfigChanges } from '../../src/cli/config-push.js';
import { withStore } from '../../src/cli/store-flags.js';
import { SessionError } from '../../src/errors.js';
import {
  checkAccountArg,
  describeAccountArg,
  namesField,
  resolveAccountArgOffline,
} from '../../src/cli/account-arg.js';

export default class RequestDecline extends BaseCommand<typeof RequestDecline> {
  static override summary = 'Decline a message request (hidden locally; the sender is not told).';
  static override examples = ['<%= config.bin %> request decline 05…'];
  static override args = {
    accountId: Args.string({
      description: 'Account ID or Session name of the requester, or the 15 id of a community DM.',
      required: true,
    }),
  };
  static override flags = { ...configPushFlags };

  async run(): Promise<{ accountId: string; names?: Record<string, string>; state: 'declined' }> {
    const { blindedArg, setDmRequestState } = await import('../../src/actions/community-dm.js');
    const dm = blindedArg(this.args.accountId);
    if (dm !== undefined) {
      // a community DM's request: declined here (Contacts keys only Account IDs)
      await withStore(this.flags, (s) => setDmRequestState(s, dm, 'declined'));
      this.log(`Declined ${dm}`);
      return { accountId: dm, state: 'declined' };
    }
    const arg = checkAccountArg(this.args.accountId); // ID or name: checked before any traffic
    const who = await resolveAccountArgOffline(arg, this.flags, this.signal);
    const id = who.accountId;
    await withStore(this.flags, async (s, info) => {
      if (!s.conversation(id)) throw new SessionError('NOT_FOUND', `no conversation with ${id}`);
      s.setState(id, 'declined', Date.now());
      // and out of our Contacts config, so our other devices drop it too
      const { declineContact } = await import('../../src/actions/contacts.js');
      await declineContact(s, info.accountId, id, Date.now());
    });
    this.log(`Declined ${describeAccountArg(who)}`);
    const p = await pushConfigChanges(this.flags, this.signal);
    if (p.warning) this.note(p.warning);
    return { accountId: id, ...namesField([who]), state: 'declined' };
  }
}
