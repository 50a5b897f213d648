import { Args } from '@oclif/core';
import { BaseCommand } from '../../src/cli/base-command.js';
import { communityFlags } from '../../src/cli/community-flags.js';

export default class CommunityPin extends BaseCommand<typeof CommunityPin> {
  static override summary = 'Pin a message in a community room (room admins).';
  static override args = {
    room: Args.string({ description: 'Room token or URL.', required: true, ignoreStdin: true }),
    id: Args.string({ description: 'Message id.', required: true, ignoreStdin: true }),
  };
  static override flags = { ...communityFlags };

  async run() {
    const { clientFromFlags } = await import('../../src/cli/client-flags.js');
    const { pinMessage } = await import('../../src/actions/community-mod.js');
    const client = await clientFromFlags(this.flags);
    try {
      const r = await pinMessage(client, this.args.room, this.args.id, {
        unpin: false,
        direct: this.flags.direct,
        signal: this.signal,
      });
      this.log(`Pinned ${r.id} in ${r.room}`);
      return r;
    } finally {
      await client.close();
    }
  }
}
