import { BaseCommand } from '../../src/cli/base-command.js';
import { secretFlags } from '../../src/cli/context.js';

export default class CommunityList extends BaseCommand<typeof CommunityList> {
  static override summary = 'List the community rooms this profile has joined.';
  static override flags = { ...secretFlags };

  async run() {
    const { clientFromFlags } = await import('../../src/cli/client-flags.js');
    const { listCommunities } = await import('../../src/actions/community-join.js');
    const client = await clientFromFlags(this.flags);
    try {
      const rooms = listCommunities(client);
      if (rooms.length === 0) this.log('No communities joined (`community join URL`).');
      for (const r of rooms) this.log(`${r.token}\t${r.name ?? ''}\t${r.url}`);
      return { rooms };
    } finally {
      await client.close();
    }
  }
}
