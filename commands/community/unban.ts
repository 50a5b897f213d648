import { Args, Flags } from '@oclif/core';
import { BaseCommand } from '../../src/cli/base-command.js';
import { communityFlags } from '../../src/cli/community-flags.js';

export default class CommunityUnban extends BaseCommand<typeof CommunityUnban> {
  static override summary = 'Lift a ban in a community room (or server-wide with --global).';
  static override args = {
    id: Args.string({
      description: '15 blinded id, 05 Account ID or Session name.',
      required: true,
      ignoreStdin: true,
    }),
  };
  static override flags = {
    room: Flags.string({ description: 'Room token or URL (with --global: just names the server).' }),
    global: Flags.boolean({ description: 'Lift a server-wide ban.', default: false }),
    ...communityFlags,
  };

  async run() {
    const { unbanUser } = await import('../../src/actions/community-mod.js');
    const { onModerationTarget } = await import('../../src/cli/moderation-target.js');
    return onModerationTarget(this.flags, this.args.id, this.signal, async (client, user) => {
      const r = await unbanUser(client, user, {
        room: this.flags.room,
        global: this.flags.global,
        direct: this.flags.direct,
        signal: this.signal,
      });
      this.log(`Unbanned ${r.user} in ${r.scope}`);
      return r;
    });
  }
}
