import { Args, Flags } from '@oclif/core';
import { BaseCommand } from '../../src/cli/base-command.js';
import { communityFlags } from '../../src/cli/community-flags.js';

export default class CommunityReact extends BaseCommand<typeof CommunityReact> {
  static override summary = 'Add (or with --remove, take back) a reaction to a community message.';
  static override args = {
    room: Args.string({ description: 'Room token or URL.', required: true, ignoreStdin: true }),
    id: Args.string({ description: 'Message id.', required: true, ignoreStdin: true }),
    emoji: Args.string({ description: 'The reaction (1-12 characters).', required: true, ignoreStdin: true }),
  };
  static override flags = {
    remove: Flags.boolean({ description: 'Remove your reaction instead.', default: false }),
    ...communityFlags,
  };

  async run() {
    const { clientFromFlags } = await import('../../src/cli/client-flags.js');
    const { reactInRoom } = await import('../../src/actions/community-post.js');
    const client = await clientFromFlags(this.flags);
    try {
      const r = await reactInRoom(client, this.args.room, this.args.id, this.args.emoji, {
        remove: this.flags.remove,
        direct: this.flags.direct,
        signal: this.signal,
      });
      this.log(
        r.changed
          ? `${r.removed ? 'Removed' : 'Added'} ${r.emoji} on message ${r.id}`
          : `Nothing to change (${r.emoji} was ${r.removed ? 'not there' : 'already there'})`,
      );
      return r;
    } finally {
      await client.close();
    }
  }
}
