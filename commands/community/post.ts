import { Args, Flags } from '@oclif/core';
import { BaseCommand } from '../../src/cli/base-command.js';
import { communityFlags } from '../../src/cli/community-flags.js';
import { readMessageText } from '../../src/cli/message-input.js';

export default class CommunityPost extends BaseCommand<typeof CommunityPost> {
  static override summary = 'Post a message to a joined community room.';
  static override description = `TEXT comes from exactly one of: the argument, --file PATH, or standard input ("-" or a pipe).
The post is a padded Content signed with your 15-blinded key (others see your blinded id, not your
Account ID). The JSON result is the message object as the server stored it.

Exit codes: 2 empty or doubly given text, 3 unreachable, 4 refused (e.g. no write permission),
7 rate limited (5 posts per 16 s per room).`;
  static override args = {
    room: Args.string({ description: 'Room token or URL.', required: true, ignoreStdin: true }),
    text: Args.string({ description: 'Message text, or "-" for standard input.', ignoreStdin: true }),
  };
  static override flags = {
    file: Flags.string({ description: 'Read the text from this file (UTF-8).' }),
    ...communityFlags,
  };

  async run() {
    const text = await readMessageText({ arg: this.args.text, file: this.flags.file, stdin: process.stdin });
    const { clientFromFlags } = await import('../../src/cli/client-flags.js');
    const { postToRoom } = await import('../../src/actions/community-post.js');
    const client = await clientFromFlags(this.flags);
    try {
      const m = await postToRoom(client, this.args.room, text, {
        direct: this.flags.direct,
        signal: this.signal,
      });
      this.log(`Posted message ${m.id} to ${m.conversation}`);
      return m;
    } finally {
      await client.close();
    }
  }
}
