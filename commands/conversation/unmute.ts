import { BaseCommand } from '../../src/cli/base-command.js';
import { configPushFlags } from '../../src/cli/config-push.js';
import { changeMute, muteConversationArg, type MuteCommandResult } from '../../src/cli/conversation-mute.js';

export default class ConversationUnmute extends BaseCommand<typeof ConversationUnmute> {
  static override summary = 'Unmute a conversation (on every device of yours).';
  static override description =
    'Clears the mute-until time (`!`) of the conversation’s entry in your configs (groups-and-config.md §3).';
  static override examples = ['<%= config.bin %> conversation unmute 05…'];
  static override args = muteConversationArg;
  static override flags = { ...configPushFlags };

  async run(): Promise<MuteCommandResult> {
    return changeMute(this.args.conversation, () => 0, this.flags, this.signal, {
      log: (l) => this.log(l),
      note: (l) => this.note(l),
    });
  }
}
