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

export default class ConversationHide extends BaseCommand<typeof ConversationHide> {
  static override summary = 'Hide a conversation (on every device of yours) until it is unpinned.';
  static override description =
    'The priority lives in your Contacts config (`+`; Note to Self: UserProfile `+`), so your other devices show the same (groups-and-config.md §3).';
  static override examples = ['<%= config.bin %> conversation hide 05…'];
  static override args = {
    conversation: Args.string({
      description: 'Account ID or Session name of the conversation (yours: Note to Self).',
      required: true,
    }),
  };
  static override flags = { ...configPushFlags };

  async run(): Promise<{
    conversation: string;
    names?: Record<string, string>;
    priority: number;
    pushed: boolean;
  }> {
    const arg = checkAccountArg(this.args.conversation); // ID or name: checked before any traffic
    const who = await resolveAccountArgOffline(arg, this.flags, this.signal);
    const id = who.accountId;
    const { hideConversation } = await import('../../src/actions/conversation-settings.js');
    const priority = await withStore(this.flags, (s, info) =>
      hideConversation(s, info.accountId, id, Date.now()),
    );
    this.log(`${describeAccountArg(who)}: hidden`);
    const p = await pushConfigChanges(this.flags, this.signal);
    if (p.warning) this.note(p.warning);
    return { conversation: id, ...namesField([who]), priority, pushed: p.pushed };
  }
}
