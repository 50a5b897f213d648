import { Args } from '@oclif/core';
import { BaseCommand } from '../../src/cli/base-command.js';
import { communityFlags } from '../../src/cli/community-flags.js';

export default class CommunityEdit extends BaseCommand<typeof CommunityEdit> {
  static override summary = 'Edit one of your messages in a community room.';
  static override args = {
    room: Args.string({ description: 'Room token or URL.', required: true, ignoreStdin: true }),
    id: Args.string({
      description: 'Message id (from `community read`).',
      required: true,
      ignoreStdin: true,
    }),
    text: Args.string({ description: 'The new text.', required: true, ignoreStdin: true }),
  };
  static override flags = { ...communityFlags };

  async run() {
    const { clientFromFlags } = await import('../../src/cli/client-flags.js');
    const { editInRoom } = await import('../../src/actions/community-post.js');
    const client = await clientFromFlags(this.flags);
    try {
      const r = await editInRoom(client, this.args.room, this.args.id, this.args.text, {
        direct: this.flags.direct,
        signal: this.signal,
      });
      this.log(`Edited message ${r.id}`);
      return r;
    } finally {
      await client.close();
    }
  }
}
