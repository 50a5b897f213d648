import { Args, Flags } from '@oclif/core';
import { BaseCommand } from '../../src/cli/base-command.js';
import { communityFlags } from '../../src/cli/community-flags.js';
import { readMessageText } from '../../src/cli/message-input.js';

export default class CommunityDm extends BaseCommand<typeof CommunityDm> {
  static override summary = 'Send a blinded direct message to someone seen in a community.';
  static override description = `The message goes through the community server's inbox, encrypted to their 15 blinded id
(communities.md §13): it reaches them as a message request. ROOM_OR_SERVER is a joined room
(token or URL) or the server's URL. BLINDED_ID is their 15 id on that server (or their 05
Account ID). Replies are polled by \`community watch\` into \`conversation list\` / \`request list\`,
in the conversation of the sender's 15 id. --reply-to ID quotes a message of that
conversation (its id, as \`message list 15…\` shows it). The result is the message object of
our copy, with \`to\`, \`server\` and \`inboxId\` (the server's id of it).

Exit codes: 2 bad id or text, 3 unreachable, 4 refused (unknown recipient: 404), 6 no such
message to reply to.`;
  static override args = {
    server: Args.string({
      description: 'Joined room (token or URL) or community server URL.',
      required: true,
      ignoreStdin: true,
    }),
    id: Args.string({
      description: "The recipient's 15 blinded id (or 05 Account ID, or Session name).",
      required: true,
      ignoreStdin: true,
    }),
    text: Args.string({ description: 'Message text, or "-" for standard input.', ignoreStdin: true }),
  };
  static override flags = {
    file: Flags.string({ description: 'Read the text from this file (UTF-8).' }),
    'reply-to': Flags.string({
      description: 'Reply to this message of the DM conversation (its id AUTHOR:TIMESTAMP): it is quoted.',
    }),
    ...communityFlags,
  };

  async run() {
    const { checkUserId } = await import('../../src/actions/community-mod.js');
    const { checkNameArg, namesField, resolveAccountArgsWithClient } =
      await import('../../src/cli/account-arg.js');
    // a Session name (resolved to its 05 Account ID) or an ID: checked before any traffic
    const named = checkNameArg(this.args.id);
    if (!named) checkUserId(this.args.id);
    const text = await readMessageText({ arg: this.args.text, file: this.flags.file, stdin: process.stdin });
    const { clientFromFlags } = await import('../../src/cli/client-flags.js');
    const { sendCommunityDm } = await import('../../src/actions/community-dm.js');
    const client = await clientFromFlags(this.flags);
    try {
      const who = named && (await resolveAccountArgsWithClient([named], client, this.signal))[0]!;
      const r = await sendCommunityDm(client, this.args.server, who?.accountId ?? this.args.id, text, {
        direct: this.flags.direct,
        signal: this.signal,
        replyTo: this.flags['reply-to'],
        onWarning: (w) => this.note(w),
      });
      this.log(`Sent message ${r.id} to ${r.to}`);
      return who ? { ...r, ...namesField([who]) } : r;
    } finally {
      await client.close();
    }
  }
}
