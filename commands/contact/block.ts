import { Args } from '@oclif/core';
import { BaseCommand } from '../../src/cli/base-command.js';
import { withStore } from '../../src/cli/store-flags.js';
import { parseAccountId } from '../../src/identity/ids.js';

export default class ContactBlock extends BaseCommand<typeof ContactBlock> {
  static override summary = 'Block an Account ID: its messages are dropped when received.';
  static override examples = ['<%= config.bin %> contact block 05…'];
  static override args = { accountId: Args.string({ description: 'Account ID.', required: true }) };

  async run(): Promise<{ accountId: string; blocked: boolean }> {
    const id = parseAccountId(this.args.accountId);
    await withStore(this.flags, (s) => s.setBlocked(id, true, Date.now()));
    this.log(`${id} is now blocked`);
    return { accountId: id, blocked: true };
  }
}
