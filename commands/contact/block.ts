import { Args } from '@oclif/core';
import { BaseCommand } from '../../src/cli/base-command.js';
import { configPushFlags } from '../../src/cli/config-push.js';
import type { BlockResult } from '../../src/cli/contact-block.js';

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

  async run(): Promise<BlockResult> {
    const { setBlockedFromArg } = await import('../../src/cli/contact-block.js');
    return setBlockedFromArg({
      arg: this.args.accountId,
      blocked: true,
      flags: this.flags,
      signal: this.signal,
      log: (l) => this.log(l),
      note: (w) => this.note(w),
    });
  }
}
