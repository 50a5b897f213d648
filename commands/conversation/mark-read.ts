import type { ConversationTarget } from '../../src/actions/conversation-target.js';
import { BaseCommand } from '../../src/cli/base-command.js';
import { configPushFlags, pushConfigChanges } from '../../src/cli/config-push.js';
import { conversationArg, resolveConversationArg } from '../../src/cli/conversation-arg.js';
import { withStore } from '../../src/cli/store-flags.js';

export default class ConversationMarkRead extends BaseCommand<typeof ConversationMarkRead> {
  static override summary = 'Mark everything in a conversation as read, here and on your other devices.';
  static override description = `The read position (the newest message's time) goes into your ConvoInfoVolatile config
(groups-and-config.md §3.3: \`1\` for a person, \`g\` for a 03 group, \`o\` for a community room,
\`b\` for a community DM by its 15 id), which your other devices apply. Sends no read receipts.`;
  static override examples = [
    '<%= config.bin %> conversation mark-read 05…',
    '<%= config.bin %> conversation mark-read 03…',
    '<%= config.bin %> conversation mark-read https://example.org/room',
  ];
  static override args = conversationArg;
  static override flags = { ...configPushFlags };

  async run(): Promise<{
    conversation: string;
    kind: ConversationTarget['kind'];
    names?: Record<string, string>;
    lastReadMs: number;
    marked: number;
    pushed: boolean;
  }> {
    const { blindedArg } = await import('../../src/actions/community-dm.js');
    const { markConversationRead, markDmConversationRead } =
      await import('../../src/actions/conversation-settings.js');
    const dm = blindedArg(this.args.conversation);
    if (dm !== undefined) {
      // A community DM (15…): ConvoInfoVolatile `b`, by its blinded id
      const r = await withStore(this.flags, (s, info) =>
        markDmConversationRead(s, info.accountId, dm, Date.now()),
      );
      this.log(`${dm}: ${r.marked} message(s) marked read`);
      const p = await pushConfigChanges(this.flags, this.signal);
      if (p.warning) this.note(p.warning);
      return { conversation: dm, kind: 'direct', ...r, pushed: p.pushed };
    }
    const { target, described, names } = await resolveConversationArg(
      this.args.conversation,
      this.flags,
      this.signal,
    );
    const r = await withStore(this.flags, (s, info) =>
      markConversationRead(s, info.accountId, target, Date.now(), { ed25519PkHex: info.ed25519PkHex }),
    );
    this.log(`${described}: ${r.marked} message(s) marked read`);
    const p = await pushConfigChanges(this.flags, this.signal);
    if (p.warning) this.note(p.warning);
    return { conversation: target.id, kind: target.kind, ...names, ...r, pushed: p.pushed };
  }
}
