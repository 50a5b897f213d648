import { Args } from '@oclif/core';
import { BaseCommand } from '../../src/cli/base-command.js';
import { configPushFlags, pushConfigChanges } from '../../src/cli/config-push.js';
import { withStore } from '../../src/cli/store-flags.js';
import {
  checkAccountArg,
  describeAccountArg,
  namesField,
  resolveAccountArgOffline,
} from '../../src/cli/account-arg.js';

export default class ContactBlock extends BaseCommand<typeof ContactBlock> {
  static override summary = 'Block an Account ID: its messages are dropped when received.';
  static override description =
    'Recorded in your Contacts config too, so your other devices block it as well (pushed right away; --no-push leaves it to the next sync).';
  static override examples = ['<%= config.bin %> contact block 05…'];
  static override args = {
    accountId: Args.string({
      description: 'Account ID or Session name, or the 15 id of a community DM (the person behind it).',
      required: true,
    }),
  };
  static override flags = { ...configPushFlags };

  async run(): Promise<{
    accountId: string;
    names?: Record<string, string>;
    /** When a 15 id was given: it, next to the Account ID behind it. */
    blindedId?: string;
    blocked: boolean;
    pushed: boolean;
  }> {
    const { blockContact } = await import('../../src/actions/contacts.js');
    const { accountBehindDm, blindedArg } = await import('../../src/actions/community-dm.js');
    const dm = blindedArg(this.args.accountId);
    if (dm !== undefined) {
      // a community DM's 15 id: the person behind it, as their DMs revealed them
      const id = await withStore(this.flags, async (s, info) => {
        const behind = accountBehindDm(s, dm);
        await blockContact(s, info.accountId, behind, true, Date.now());
        return behind;
      });
      this.log(`${id} (behind ${dm}) is now blocked`);
      const p = await pushConfigChanges(this.flags, this.signal);
      if (p.warning) this.note(p.warning);
      return { accountId: id, blindedId: dm, blocked: true, pushed: p.pushed };
    }
    const arg = checkAccountArg(this.args.accountId); // ID or name: checked before any traffic
    const who = await resolveAccountArgOffline(arg, this.flags, this.signal);
    const id = who.accountId;
    await withStore(this.flags, (s, info) => blockContact(s, info.accountId, id, true, Date.now()));
    this.log(`${describeAccountArg(who)} is now blocked`);
    const p = await pushConfigChanges(this.flags, this.signal);
    if (p.warning) this.note(p.warning);
    return { accountId: id, ...namesField([who]), blocked: true, pushed: p.pushed };
  }
}
