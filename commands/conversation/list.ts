import { BaseCommand } from '../../src/cli/base-command.js';
import { dataDirFrom } from '../../src/cli/context.js';
import { openDatabase } from '../../src/store/database.js';
import { MessageStore, type ConversationRow } from '../../src/store/messages.js';
import { ProfileDirectory } from '../../src/store/profiles.js';

export default class ConversationList extends BaseCommand<typeof ConversationList> {
  static override summary = 'List conversations in the local store (no network).';
  static override examples = [
    '<%= config.bin %> conversation list',
    '<%= config.bin %> conversation list --json',
  ];

  async run(): Promise<{ conversations: ConversationRow[] }> {
    const dirs = new ProfileDirectory(dataDirFrom(this.flags['data-dir']));
    const info = await dirs.resolve(this.flags.profile);
    const db = await openDatabase(dirs.databasePath(info.name));
    try {
      const conversations = new MessageStore(db).conversations();
      if (conversations.length === 0) this.log('No conversations yet.');
      for (const c of conversations) {
        const who = c.id === info.accountId ? 'Note to Self' : (c.displayName ?? c.id);
        this.log(
          `${c.state === 'request' ? '[request] ' : ''}${who}  ${c.messages} message(s)${c.unread ? `, ${c.unread} unread` : ''}`,
        );
      }
      return { conversations };
    } finally {
      db.close();
    }
  }
}
