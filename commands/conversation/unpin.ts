import { BaseCommand } from '../../src/cli/base-command.js';
import { configPushFlags } from '../../src/cli/config-push.js';
import { changePriority, conversationArg, type PriorityResult } from '../../src/cli/conversation-priority.js';

export default class ConversationUnpin extends BaseCommand<typeof ConversationUnpin> {
  static override summary = 'Unpin or unhide a conversation (back to normal, on every device of yours).';
  static override description =
    'The priority lives in your Contacts config (`+`; Note to Self: UserProfile `+`), so your other devices show the same (groups-and-config.md §3).';
  static override examples = ['<%= config.bin %> conversation unpin 05…'];
  static override args = conversationArg;
  static override flags = { ...configPushFlags };

  async run(): Promise<PriorityResult> {
    return changePriority('unpin', this.args.conversation, this.flags, this.signal, {
      log: (l) => this.log(l),
      note: (l) => this.note(l),
    });
  }
}
