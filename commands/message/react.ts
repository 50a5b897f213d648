import { Args, Flags } from '@oclif/core';
import { BaseCommand } from '../../src/cli/base-command.js';
import { secretFlags } from '../../src/cli/context.js';
import type { ReactResult } from '../../src/actions/react-message.js';

export default class MessageReact extends BaseCommand<typeof MessageReact> {
  static override summary = 'React to a message with an emoji (or with --remove, take the reaction back).';
  static override description = `MESSAGE_ID is the message object's id (AUTHOR:TIMESTAMP, as printed by \`message list --json\`)
or its local cursor; the message must be stored here. The reaction goes to the conversation's other
party and, as a sync copy, to your own swarm (your other devices show it); in a group, once to the
group's swarm, which every member polls; in a community DM (15…), through the inbox of the server
that DM went by (your other devices see it in its outbox). EMOJI is 1 to 12
characters. The JSON result is the "reaction" event the other party's \`message receive\` will show
(type, id, cursor, target, from, conversation, emoji, action, timestamp, reactions) plus
messageHash and confirmations (in a community DM: messageHash null, server and inboxId).

Exit codes: 2 malformed MESSAGE_ID or EMOJI (before any network traffic), 6 no such message
(NOT_FOUND), 3/4/7/8 as for \`message send\`.`;
  static override examples = [
    '<%= config.bin %> message react 05…:1754971101000 👍',
    '<%= config.bin %> message react 05…:1754971101000 👍 --remove --json',
  ];
  static override args = {
    id: Args.string({
      description: 'Message id (AUTHOR:TIMESTAMP) or local cursor.',
      required: true,
      ignoreStdin: true,
    }),
    emoji: Args.string({ description: 'The reaction (1-12 characters).', required: true, ignoreStdin: true }),
  };
  static override flags = {
    remove: Flags.boolean({ description: 'Take your reaction back instead.', default: false }),
    ...secretFlags,
  };

  async run(): Promise<ReactResult> {
    const { checkMessageRef } = await import('../../src/actions/send-message.js');
    const { checkReactionEmoji } = await import('../../src/messages/reactions.js');
    // malformed input is a usage error before the profile is even opened
    checkMessageRef(this.args.id, 'MESSAGE_ID');
    checkReactionEmoji(this.args.emoji);
    const { clientFromFlags } = await import('../../src/cli/client-flags.js');
    const { reactToMessage } = await import('../../src/actions/react-message.js');
    const client = await clientFromFlags(this.flags);
    try {
      const r = await reactToMessage(client, {
        id: this.args.id,
        emoji: this.args.emoji,
        remove: this.flags.remove,
        signal: this.signal,
      });
      this.log(
        `${r.action === 'react' ? 'Reacted' : 'Took back'} ${r.emoji} on ${r.target} (${r.messageHash === null ? `a community DM, by ${r.server}` : `hash ${r.messageHash}`})`,
      );
      return r;
    } finally {
      await client.close();
    }
  }
}
