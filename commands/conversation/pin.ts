import { BaseCommand } from '../../src/cli/base-command.js';
import { configPushFlags } from '../../src/cli/config-push.js';
import { changePriority, conversationArg, type PriorityResult } from '../../src/cli/conversation-priority.js';

export default class ConversationPin extends BaseCommand<typeof ConversationPin> {
  static override summary = 'Pin a conversation (shown first, on every device of yours).';
  static override description =
    'The priority lives in your configs (`+`: Contacts for a person, its `b` for the 15 id of a community DM, UserProfile for Note to Self, UserGroups for a 03 group or a community room), so your other devices show the same (groups-and-config.md §3).';
  static override examples = [
    '<%= config.bin %> conversation pin 05…',
    '<%= config.bin %> conversation pin 03…',
    '<%= config.bin %> conversation pin https://example.org/room',
  ];
  static override args = conversationArg;
  static override flags = { ...configPushFlags };

  async run(): Promise<PriorityResult> {
    return changePriority('pin', this.args.conversation, this.flags, this.signal, {
      log: (l) => this.log(l),
      note: (l) => this.note(l),
    });
  }
}
