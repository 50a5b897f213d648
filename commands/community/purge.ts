import { Args, Flags } from '@oclif/core';
import { BaseCommand } from '../../src/cli/base-command.js';
import { communityFlags } from '../../src/cli/community-flags.js';

export default class CommunityPurge extends BaseCommand<typeof CommunityPurge> {
  static override summary = "Delete all of a user's posts in a community room (moderators).";
  static override description = `ID is their 15 blinded id, or a 05 Account ID this profile has seen post on the server.
"deleted": false means they had nothing to delete.`;
  static override args = {
    id: Args.string({
      description: '15 blinded id, 05 Account ID or Session name.',
      required: true,
      ignoreStdin: true,
    }),
  };
  static override flags = {
    room: Flags.string({ description: 'Room token or URL.', required: true }),
    ...communityFlags,
  };

  async run() {
    const { purgeUser } = await import('../../src/actions/community-mod.js');
    const { onModerationTarget } = await import('../../src/cli/moderation-target.js');
    return onModerationTarget(this.flags, this.args.id, this.signal, async (client, user) => {
      const r = await purgeUser(client, this.flags.room, user, {
        direct: this.flags.direct,
        signal: this.signal,
      });
      this.log(
        r.deleted ? `Deleted the posts of ${r.user} in ${r.room}` : `${r.user} has no posts in ${r.room}`,
      );
      return r;
    });
  }
}
