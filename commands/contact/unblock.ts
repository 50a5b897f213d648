import { Args } from '@oclif/core';
import { BaseCommand } from '../../src/cli/base-command.js';
import { withStore } from '../../src/cli/store-flags.js';
import { parseAccountId } from '../../src/identity/ids.js';

export default class ContactUnblock extends BaseCommand<typeof ContactUnblock> {
  static override summary = 'Unblock an Account ID: its messages are received again.';
  static override examples = ['<%= config.bin %> contact unblock 05…'];
  static override args = { accountId: Args.string({ description: 'Account ID.', required: true }) };

  async run(): Promise<{ accountId: string; blocked: boolean }> {
    const id = parseAccountId(this.args.accountId);
    await withStore(this.flags, (s) => s.setBlocked(id, false, Date.now()));
    this.log(`${id} is now unblocked`);
    return { accountId: id, blocked: false };
  }
}
