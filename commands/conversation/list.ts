import { BaseCommand } from '../../src/cli/base-command.js';
import { withStore } from '../../src/cli/store-flags.js';
import type { ConversationRow } from '../../src/store/messages.js';

export default class ConversationList extends BaseCommand<typeof ConversationList> {
  static override summary = 'List conversations in the local store (no network).';
  static override examples = [
    '<%= config.bin %> conversation list',
    '<%= config.bin %> conversation list --json',
  ];

  async run(): Promise<{ conversations: ConversationRow[] }> {
    const { conversations, info } = await withStore(this.flags, (store, info) => ({
      conversations: store.conversations(),
      info,
    }));
    if (conversations.length === 0) this.log('No conversations yet.');
    for (const c of conversations) {
      const who = c.id === info.accountId ? 'Note to Self' : (c.displayName ?? c.id);
      this.log(
        `${c.state === 'request' ? '[request] ' : ''}${who}  ${c.messages} message(s)${c.unread ? `, ${c.unread} unread` : ''}`,
      );
    }
    return { conversations };
  }
}
