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

export default class ConversationMarkRead extends BaseCommand<typeof ConversationMarkRead> {
  static override summary = 'Mark everything in a conversation as read, here and on your other devices.';
  static override description = `The read position (the newest message's time) goes into your ConvoInfoVolatile config
(groups-and-config.md §3.3), which your other devices apply. Sends no read receipts.`;
  static override examples = ['<%= config.bin %> conversation mark-read 05…'];
  static override args = {
    conversation: Args.string({
      description: 'Account ID or Session name of the conversation.',
      required: true,
    }),
  };
  static override flags = { ...configPushFlags };

  async run(): Promise<{
    conversation: string;
    names?: Record<string, string>;
    lastReadMs: number;
    marked: number;
    pushed: boolean;
  }> {
    const arg = checkAccountArg(this.args.conversation); // ID or name: checked before any traffic
    const who = await resolveAccountArgOffline(arg, this.flags, this.signal);
    const id = who.accountId;
    const { markConversationRead } = await import('../../src/actions/conversation-settings.js');
    const r = await withStore(this.flags, (s, info) =>
      markConversationRead(s, info.accountId, id, Date.now()),
    );
    this.log(`${describeAccountArg(who)}: ${r.marked} message(s) marked read`);
    const p = await pushConfigChanges(this.flags, this.signal);
    if (p.warning) this.note(p.warning);
    return { conversation: id, ...namesField([who]), ...r, pushed: p.pushed };
  }
}
