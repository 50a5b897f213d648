import { Args } from '@oclif/core';
import { BaseCommand } from '../../src/cli/base-command.js';
import { communityFlags } from '../../src/cli/community-flags.js';

export default class CommunityRooms extends BaseCommand<typeof CommunityRooms> {
  static override summary = 'List the rooms a community server offers.';
  static override description = `SERVER_URL is http(s)://host[:port], with ?public_key=<64 hex> unless a room of that server is
already joined (a room URL works too).`;
  static override args = {
    server: Args.string({
      description: 'Server URL (with ?public_key= if not joined).',
      required: true,
      ignoreStdin: true,
    }),
  };
  static override flags = { ...communityFlags };

  async run() {
    const { clientFromFlags } = await import('../../src/cli/client-flags.js');
    const { listServerRooms } = await import('../../src/actions/community-join.js');
    const client = await clientFromFlags(this.flags);
    try {
      const r = await listServerRooms(client, this.args.server, {
        direct: this.flags.direct,
        signal: this.signal,
      });
      for (const room of r.rooms)
        this.log(`${room.token}\t${room.name}\t${room.activeUsers ?? 0} active\t${room.url}`);
      return r;
    } finally {
      await client.close();
    }
  }
}
