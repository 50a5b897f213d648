import { Args, Flags } from '@oclif/core';
import { BaseCommand } from '../../src/cli/base-command.js';
import { secretFlags } from '../../src/cli/context.js';

export default class MessageDelete extends BaseCommand<typeof MessageDelete> {
  static override summary = 'Delete a message locally, or for everyone (your own messages).';
  static override description = `ID is the stable event id (AUTHOR:TIMESTAMP, as printed by \`message receive --json\`) or the
local cursor. --for-everyone deletes your synced copy from your swarm and sends an unsend request
to the other party and your other devices.`;
  static override examples = [
    '<%= config.bin %> message delete 05…:1754971101000',
    '<%= config.bin %> message delete 42 --for-everyone',
  ];
  static override args = { id: Args.string({ description: 'Message id or cursor.', required: true }) };
  static override flags = {
    'for-everyone': Flags.boolean({ description: 'Also unsend it from the recipient.', default: false }),
    ...secretFlags,
  };

  async run(): Promise<{ id: string; forEveryone: boolean; conversation: string }> {
    const { clientFromFlags } = await import('../../src/cli/client-flags.js');
    const { deleteMessage } = await import('../../src/actions/delete-message.js');
    const client = await clientFromFlags(this.flags);
    try {
      const r = await deleteMessage(client, { id: this.args.id, forEveryone: this.flags['for-everyone'] });
      this.log(`Deleted${r.forEveryone ? ' for everyone' : ''}: ${r.message.author}:${r.message.timestamp}`);
      return {
        id: `${r.message.author}:${r.message.timestamp}`,
        forEveryone: r.forEveryone,
        conversation: r.message.conversation,
      };
    } finally {
      await client.close();
    }
  }
}
