import { Args } from '@oclif/core';
import { BaseCommand } from '../../src/cli/base-command.js';
import { configPushFlags, pushConfigChanges } from '../../src/cli/config-push.js';
import { withStore } from '../../src/cli/store-flags.js';
import { parseAccountId } from '../../src/identity/ids.js';

export default class ContactBlock extends BaseCommand<typeof ContactBlock> {
  static override summary = 'Block an Account ID: its messages are dropped when received.';
  static override description =
    'Recorded in your Contacts config too, so your other devices block it as well (pushed right away; --no-push leaves it to the next sync).';
  static override examples = ['<%= config.bin %> contact block 05…'];
  static override args = { accountId: Args.string({ description: 'Account ID.', required: true }) };
  static override flags = { ...configPushFlags };

  async run(): Promise<{ accountId: string; blocked: boolean; pushed: boolean }> {
    const id = parseAccountId(this.args.accountId);
    const { blockContact } = await import('../../src/actions/contacts.js');
    await withStore(this.flags, (s, info) => blockContact(s, info.accountId, id, true, Date.now()));
    this.log(`${id} is now blocked`);
    const p = await pushConfigChanges(this.flags, this.signal);
    if (p.warning) this.note(p.warning);
    return { accountId: id, blocked: true, pushed: p.pushed };
  }
}
