import { Args, Flags } from '@oclif/core';
import { BaseCommand } from '../../src/cli/base-command.js';
import { communityFlags } from '../../src/cli/community-flags.js';
import { parseIntegerFlag } from '../../src/cli/message-input.js';

export default class CommunityRead extends BaseCommand<typeof CommunityRead> {
  static override summary = "Fetch a joined room's new messages and print the latest ones.";
  static override description = `Every message is signature-checked against its author's (blinded) key; forged ones are dropped
and counted ("forged" in the JSON result, a warning otherwise). The JSON result is { room, messages,
forged, unreadable } with message objects (id = the server's message id, from = the blinded id).`;
  static override args = {
    room: Args.string({ description: 'Room token or URL.', required: true, ignoreStdin: true }),
  };
  static override flags = {
    limit: Flags.string({ description: 'How many of the latest messages to print (1-1000).', default: '50' }),
    ...communityFlags,
  };

  async run() {
    const limit = parseIntegerFlag('limit', this.flags.limit, { min: 1, max: 1000 });
    const { clientFromFlags } = await import('../../src/cli/client-flags.js');
    const { readRoom } = await import('../../src/actions/community-read.js');
    const { renderCommunityEvent } = await import('../../src/communities/events.js');
    const client = await clientFromFlags(this.flags);
    try {
      const r = await readRoom(client, this.args.room, {
        limit,
        direct: this.flags.direct,
        signal: this.signal,
      });
      for (const m of r.messages) this.log(renderCommunityEvent(m));
      if (r.forged > 0) this.note(`${r.forged} message(s) with an invalid signature were dropped`);
      if (r.unreadable > 0) this.note(`${r.unreadable} message(s) could not be read and were skipped`);
      return r;
    } finally {
      await client.close();
    }
  }
}
