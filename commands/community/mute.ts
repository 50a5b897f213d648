import { Args, Flags } from '@oclif/core';
import { BaseCommand } from '../../src/cli/base-command.js';
import { communityFlags } from '../../src/cli/community-flags.js';
import { parseDurationFlag } from '../../src/cli/message-input.js';

export default class CommunityMute extends BaseCommand<typeof CommunityMute> {
  static override summary = 'Mute a user in a community room for a while (moderators).';
  static override description = `Takes their write permission away now and schedules it back after --duration, in one
/sequence (the server applies the scheduled change within about 10 s of the time).`;
  static override args = {
    id: Args.string({
      description: '15 blinded id, 05 Account ID or Session name.',
      required: true,
      ignoreStdin: true,
    }),
  };
  static override flags = {
    room: Flags.string({ description: 'Room token or URL.', required: true }),
    duration: Flags.string({ description: 'How long, e.g. 10m, 1h, 1d.', required: true }),
    ...communityFlags,
  };

  async run() {
    const durationS = parseDurationFlag('duration', this.flags.duration, { min: 1, max: 365 * 86400 });
    const { muteUser } = await import('../../src/actions/community-mod.js');
    const { onModerationTarget } = await import('../../src/cli/moderation-target.js');
    return onModerationTarget(this.flags, this.args.id, this.signal, async (client, user) => {
      const r = await muteUser(client, this.flags.room, user, durationS, {
        direct: this.flags.direct,
        signal: this.signal,
      });
      this.log(`Muted ${r.user} in ${r.room} for ${this.flags.duration}`);
      return r;
    });
  }
}
