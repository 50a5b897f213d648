import { Flags } from '@oclif/core';
import type { ConversationTarget } from '../../src/actions/conversation-target.js';
import { BaseCommand } from '../../src/cli/base-command.js';
import { configPushFlags, pushConfigChanges } from '../../src/cli/config-push.js';
import { conversationArg, resolveConversationArg } from '../../src/cli/conversation-arg.js';
import { withStore } from '../../src/cli/store-flags.js';
import { SessionError } from '../../src/errors.js';

export default class ConversationMarkRead extends BaseCommand<typeof ConversationMarkRead> {
  static override summary = 'Mark everything in a conversation as read, here and on your other devices.';
  static override description = `The read position (the newest message's time) goes into your ConvoInfoVolatile config
(groups-and-config.md §3.3: \`1\` for a person, \`g\` for a 03 group, \`o\` for a community room,
\`b\` for a community DM by its 15 id), which your other devices apply. Messages that disappear after
they are read start their timers. With --read-receipts (a person's conversation), the people whose
messages this marks read are told so, as \`message receive --read-receipts\` does (never a request
or a blocked contact).`;
  static override examples = [
    '<%= config.bin %> conversation mark-read 05…',
    '<%= config.bin %> conversation mark-read 03…',
    '<%= config.bin %> conversation mark-read https://example.org/room',
  ];
  static override args = conversationArg;
  static override flags = {
    ...configPushFlags,
    'read-receipts': Flags.boolean({
      description: "send read receipts for the messages this marks read (a person's conversation only)",
    }),
  };

  async run(): Promise<{
    conversation: string;
    kind: ConversationTarget['kind'];
    names?: Record<string, string>;
    lastReadMs: number;
    marked: number;
    receiptsSent?: number;
    pushed: boolean;
  }> {
    const { blindedArg } = await import('../../src/actions/community-dm.js');
    const { markConversationRead, markDmConversationRead } =
      await import('../../src/actions/conversation-settings.js');
    const dm = blindedArg(this.args.conversation);
    const receipts = this.flags['read-receipts'];
    const noReceipts = () =>
      new SessionError('INVALID_INPUT', '--read-receipts: only a conversation with a person (05…) has them', {
        hint: 'groups, community rooms and community DMs send no read receipts',
      });
    if (dm !== undefined && receipts) throw noReceipts();
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
    if (receipts && (target.kind !== 'direct' || !target.id.startsWith('05'))) throw noReceipts();
    const r: { lastReadMs: number; marked: number; receiptsSent?: number } =
      receipts && target.kind === 'direct'
        ? await this.markReadWithReceipts(target)
        : await withStore(this.flags, (s, info) =>
            markConversationRead(s, info.accountId, target, Date.now(), { ed25519PkHex: info.ed25519PkHex }),
          );
    const told = r.receiptsSent === undefined ? '' : `, ${r.receiptsSent} read receipt(s) sent`;
    this.log(`${described}: ${r.marked} message(s) marked read${told}`);
    const p = await pushConfigChanges(this.flags, this.signal);
    if (p.warning) this.note(p.warning);
    return { conversation: target.id, kind: target.kind, ...names, ...r, pushed: p.pushed };
  }

  /** A person's conversation read, and its senders told (the network's client). */
  private async markReadWithReceipts(
    target: Extract<ConversationTarget, { kind: 'direct' }>,
  ): Promise<{ lastReadMs: number; marked: number; receiptsSent: number }> {
    const { clientFromFlags } = await import('../../src/cli/client-flags.js');
    const { markConversationReadWithReceipts } = await import('../../src/actions/read.js');
    const client = await clientFromFlags(this.flags);
    try {
      return await markConversationReadWithReceipts(client, target, Date.now(), this.signal);
    } finally {
      await client.close();
    }
  }
}
