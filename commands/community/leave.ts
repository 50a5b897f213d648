import { Args } from '@oclif/core';
import { BaseCommand } from '../../src/cli/base-command.js';
import { secretFlags } from '../../src/cli/context.js';

export default class CommunityLeave extends BaseCommand<typeof CommunityLeave> {
  static override summary = 'Leave a joined community room (forgets its messages locally).';
  static override description = `ROOM is a joined room's token or URL. The server has no "leave": the room is only forgotten
here (its stored messages and cursors go with it).`;
  static override args = {
    room: Args.string({ description: 'Room token or URL.', required: true, ignoreStdin: true }),
  };
  static override flags = { ...secretFlags };

  async run() {
    const { clientFromFlags } = await import('../../src/cli/client-flags.js');
    const { leaveCommunity } = await import('../../src/actions/community-join.js');
    const client = await clientFromFlags(this.flags);
    try {
      const r = await leaveCommunity(client, this.args.room);
      this.log(`Left ${r.name ?? r.token} (${r.room})`);
      return r;
    } finally {
      await client.close();
    }
  }
}
