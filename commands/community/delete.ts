import { Args } from '@oclif/core';
import { BaseCommand } from '../../src/cli/base-command.js';
import { communityFlags } from '../../src/cli/community-flags.js';

export default class CommunityDelete extends BaseCommand<typeof CommunityDelete> {
  static override summary = 'Delete a message in a community room (yours, or any as a moderator).';
  static override args = {
    room: Args.string({ description: 'Room token or URL.', required: true, ignoreStdin: true }),
    id: Args.string({ description: 'Message id.', required: true, ignoreStdin: true }),
  };
  static override flags = { ...communityFlags };

  async run() {
    const { clientFromFlags } = await import('../../src/cli/client-flags.js');
    const { deleteInRoom } = await import('../../src/actions/community-post.js');
    const client = await clientFromFlags(this.flags);
    try {
      const r = await deleteInRoom(client, this.args.room, this.args.id, {
        direct: this.flags.direct,
        signal: this.signal,
      });
      this.log(`Deleted message ${r.id}`);
      return r;
    } finally {
      await client.close();
    }
  }
}
