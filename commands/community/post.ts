import { Args, Flags } from '@oclif/core';
import { BaseCommand } from '../../src/cli/base-command.js';
import { communityFlags } from '../../src/cli/community-flags.js';
import { readMessageText } from '../../src/cli/message-input.js';

export default class CommunityPost extends BaseCommand<typeof CommunityPost> {
  static override summary = 'Post a message to a joined community room.';
  static override description = `TEXT comes from exactly one of: the argument, --file PATH, or standard input ("-" or a pipe).
The post is a padded Content signed with your 15-blinded key (others see your blinded id, not your
Account ID). The JSON result is the message object as the server stored it.
Each --attach file is read before any network traffic, uploaded to the room as it is (room files
are public to the room: not encrypted) and shown with the post; with --attach, TEXT may be left out.

With --reply-to ID the post quotes that message of the room (shown as \`quote\` in message
objects); the message must have been read here before (community read or watch).

Exit codes: 2 empty or doubly given text, a missing, unreadable or too large (over 10 MB) file,
3 unreachable, 4 refused (e.g. no write or upload permission), 6 a --reply-to message not known
here, 7 rate limited (5 posts per 16 s per room).`;
  static override args = {
    room: Args.string({ description: 'Room token or URL.', required: true, ignoreStdin: true }),
    text: Args.string({ description: 'Message text, or "-" for standard input.', ignoreStdin: true }),
  };
  static override flags = {
    file: Flags.string({ description: 'Read the text from this file (UTF-8).' }),
    attach: Flags.string({
      description: 'Attach a file (repeatable, up to 10 MB each), uploaded to the room unencrypted.',
      multiple: true,
    }),
    'reply-to': Flags.string({
      description:
        'Reply to this message of the room (its id, as community read shows it): the post quotes it.',
    }),
    ...communityFlags,
  };

  async run() {
    // Files first: a missing or too large one fails (exit 2) before the text, the store or the network.
    const { readRoomFile } = await import('../../src/communities/files.js');
    const files = [];
    for (const path of this.flags.attach ?? []) files.push(await readRoomFile(path));
    const textless = files.length > 0 && this.args.text === undefined && this.flags.file === undefined;
    const text =
      textless && process.stdin.isTTY
        ? ''
        : await readMessageText({ arg: this.args.text, file: this.flags.file, stdin: process.stdin });
    const { clientFromFlags } = await import('../../src/cli/client-flags.js');
    const { postToRoom } = await import('../../src/actions/community-post.js');
    const client = await clientFromFlags(this.flags);
    try {
      const m = await postToRoom(client, this.args.room, text, {
        direct: this.flags.direct,
        signal: this.signal,
        files,
        replyTo: this.flags['reply-to'],
      });
      this.log(`Posted message ${m.id} to ${m.conversation}`);
      return m;
    } finally {
      await client.close();
    }
  }
}
