import { Flags } from '@oclif/core';
import type { ListedConversation } from '../../src/actions/conversation-list.js';
import { BaseCommand } from '../../src/cli/base-command.js';
import { withStore } from '../../src/cli/store-flags.js';

export default class ConversationList extends BaseCommand<typeof ConversationList> {
  static override summary = 'List conversations in the local store (no network).';
  static override examples = [
    '<%= config.bin %> conversation list',
    '<%= config.bin %> conversation list --json',
    '<%= config.bin %> conversation list --all',
  ];
  static override description =
    'People, groups and joined community rooms (`kind`: direct, group, community; a room’s id is its URL). Pinned conversations come first (higher priority first) and hidden ones are left out, as your synced configs say (`conversation pin|unpin|hide`, on any of your devices).';
  static override flags = {
    all: Flags.boolean({ description: 'Include hidden conversations (marked hidden).', default: false }),
  };

  async run(): Promise<{ conversations: ListedConversation[] }> {
    const { listConversations } = await import('../../src/actions/conversation-list.js');
    const { conversations, info } = await withStore(this.flags, async (store, info) => ({
      conversations: await listConversations(store, info, { all: this.flags.all }),
      info,
    }));
    if (conversations.length === 0) this.log('No conversations yet.');
    for (const c of conversations) {
      const who =
        c.id === info.accountId
          ? 'Note to Self'
          : c.kind === 'community'
            ? `${c.displayName ?? c.id} (community ${c.id})`
            : (c.displayName ?? c.id);
      const marks = `${c.pinned ? '[pinned] ' : ''}${c.hidden ? '[hidden] ' : ''}${c.state === 'request' ? '[request] ' : ''}`;
      this.log(`${marks}${who}  ${c.messages} message(s)${c.unread ? `, ${c.unread} unread` : ''}`);
    }
    return { conversations };
  }
}
