import { Args, Flags } from '@oclif/core';
import { BaseCommand } from '../../src/cli/base-command.js';
import { communityFlags } from '../../src/cli/community-flags.js';
import { parseDurationFlag } from '../../src/cli/message-input.js';

export default class CommunityBan extends BaseCommand<typeof CommunityBan> {
  static override summary = 'Ban a user from a community room (or the whole server).';
  static override description = `ID is their 15 blinded id or 05 Account ID (turned into the 15 id this profile saw them post
with; otherwise the server maps it). --duration makes the ban timed (lifted by the server within
about 10 s after it ends); --purge also deletes all their posts in the room, in the same
/sequence as the ban. Needs moderator rights (admin to ban a moderator, global moderator for
--global).

Exit codes: 2 bad input (nothing sent), 3 unreachable, 4 refused (with the server's reason).`;
  static override args = {
    id: Args.string({
      description: '15 blinded id, 05 Account ID or Session name.',
      required: true,
      ignoreStdin: true,
    }),
  };
  static override flags = {
    room: Flags.string({ description: 'Room token or URL (with --global: just names the server).' }),
    global: Flags.boolean({ description: 'Ban from every room of the server.', default: false }),
    duration: Flags.string({ description: 'Timed ban, e.g. 1h, 3d (default: permanent).' }),
    purge: Flags.boolean({ description: 'Also delete all their posts in the room.', default: false }),
    ...communityFlags,
  };

  async run() {
    const durationS =
      this.flags.duration === undefined
        ? undefined
        : parseDurationFlag('duration', this.flags.duration, { min: 1, max: 10 * 365 * 86400 });
    const { banUser } = await import('../../src/actions/community-mod.js');
    const { onModerationTarget } = await import('../../src/cli/moderation-target.js');
    return onModerationTarget(this.flags, this.args.id, this.signal, async (client, user) => {
      const r = await banUser(client, user, {
        room: this.flags.room,
        global: this.flags.global,
        durationS,
        purge: this.flags.purge,
        direct: this.flags.direct,
        signal: this.signal,
      });
      this.log(
        `Banned ${r.user} from ${r.scope}${durationS ? ` for ${this.flags.duration}` : ''}${r.purged ? ', posts deleted' : ''}`,
      );
      return r;
    });
  }
}
