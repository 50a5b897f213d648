import { Args, Flags } from '@oclif/core';
import { BaseCommand } from '../../src/cli/base-command.js';
import { withStore } from '../../src/cli/store-flags.js';
import { parseAccountId } from '../../src/identity/ids.js';
import type { StoredMessageRow } from '../../src/store/messages.js';

export default class MessageList extends BaseCommand<typeof MessageList> {
  static override summary = 'List the stored messages of a conversation (no network).';
  static override description =
    'A 1:1 conversation is named by the other party’s Account ID; Note to Self by your own.';
  static override examples = [
    '<%= config.bin %> message list 05… --limit 20',
    '<%= config.bin %> message list 05… --json',
  ];
  static override args = {
    conversation: Args.string({ description: 'Account ID of the conversation.', required: true }),
  };
  static override flags = {
    limit: Flags.integer({ description: 'Most recent N messages.', default: 50, min: 1 }),
  };

  async run(): Promise<{ conversation: string; messages: StoredMessageRow[] }> {
    const conversation = parseAccountId(this.args.conversation);
    const messages = await withStore(this.flags, (store) => store.messages(conversation, this.flags.limit));
    for (const m of messages) {
      this.log(
        `${new Date(m.timestamp).toISOString()}  ${m.direction === 'out' ? 'me' : m.author.slice(0, 10) + '…'}  ${m.text ?? ''}`,
      );
    }
    return { conversation, messages };
  }
}
