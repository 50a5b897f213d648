import { Args, Flags } from '@oclif/core';
import { BaseCommand } from '../../src/cli/base-command.js';
import { secretFlags } from '../../src/cli/context.js';
import { toMessageObject, type MessageObject } from '../../src/messages/message-object.js';

export default class MessageDelete extends BaseCommand<typeof MessageDelete> {
  static override summary = 'Delete a message locally, or for everyone (your own messages).';
  static override description = `ID is the stable event id (AUTHOR:TIMESTAMP, as printed by \`message receive --json\`) or the
local cursor. --for-everyone deletes your synced copy from your swarm and sends an unsend request
to the other party and your other devices. The JSON result is the message object of what was
deleted (README "Message object") plus forEveryone and deletedHashes.`;
  static override examples = [
    '<%= config.bin %> message delete 05…:1754971101000',
    '<%= config.bin %> message delete 42 --for-everyone',
  ];
  static override args = { id: Args.string({ description: 'Message id or cursor.', required: true }) };
  static override flags = {
    'for-everyone': Flags.boolean({ description: 'Also unsend it from the recipient.', default: false }),
    ...secretFlags,
  };

  async run(): Promise<MessageObject & { forEveryone: boolean; deletedHashes: string[] }> {
    const { clientFromFlags } = await import('../../src/cli/client-flags.js');
    const { deleteMessage } = await import('../../src/actions/delete-message.js');
    const client = await clientFromFlags(this.flags);
    try {
      const r = await deleteMessage(client, { id: this.args.id, forEveryone: this.flags['for-everyone'] });
      const message = toMessageObject(r.message);
      this.log(`Deleted${r.forEveryone ? ' for everyone' : ''}: ${message.id}`);
      return { ...message, forEveryone: r.forEveryone, deletedHashes: r.deletedHashes };
    } finally {
      await client.close();
    }
  }
}
