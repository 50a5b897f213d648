import { Args, Flags } from '@oclif/core';
import { BaseCommand } from '../../src/cli/base-command.js';
import { parseIntegerFlag } from '../../src/cli/message-input.js';
import { withStore } from '../../src/cli/store-flags.js';
import { checkAccountArg, namesField, resolveAccountArgOffline } from '../../src/cli/account-arg.js';
import { renderHuman, toMessageObject, type MessageObject } from '../../src/messages/message-object.js';

export default class MessageList extends BaseCommand<typeof MessageList> {
  static override summary = 'List the stored messages of a conversation (no network).';
  static override description = `A 1:1 conversation is named by the other party’s Account ID; Note to Self by your own; a group
by its group ID (03…); a community DM by the other side's 15 blinded id on that server.
--json gives message objects (README "Message object"), oldest first.`;
  static override examples = [
    '<%= config.bin %> message list 05… --limit 20',
    '<%= config.bin %> message list 05… --json',
  ];
  static override args = {
    conversation: Args.string({
      description: 'Account ID or Session name of the conversation, a group ID (03…), or a 15 blinded id.',
      required: true,
    }),
  };
  static override flags = {
    limit: Flags.string({ description: 'Most recent N messages (1-100000).', default: '50' }),
  };

  async run(): Promise<{ conversation: string; names?: Record<string, string>; messages: MessageObject[] }> {
    // a group's conversation is its group ID (groups-and-config.md §4.6), a community DM's the
    // other side's 15 blinded id: nothing to resolve
    const byId = /^(?:03|15)[0-9a-f]{64}$/i.test(this.args.conversation.trim())
      ? this.args.conversation.trim().toLowerCase()
      : undefined;
    const arg = byId === undefined ? checkAccountArg(this.args.conversation) : undefined; // ID or name: checked before any traffic
    const limit = parseIntegerFlag('limit', this.flags.limit, { min: 1, max: 100_000 });
    const who = arg === undefined ? undefined : await resolveAccountArgOffline(arg, this.flags, this.signal);
    const conversation = byId ?? who!.accountId;
    const { messages, lines } = await withStore(this.flags, (store, info) => {
      const convs = new Map(store.conversations().map((c) => [c.id, c]));
      const ctx = {
        own: info.accountId,
        nameOf: (id: string) => convs.get(id)?.displayName,
        isRequest: (id: string) => convs.get(id)?.state === 'request',
      };
      const messages = store.messages(conversation, limit).map(toMessageObject);
      return { messages, lines: messages.map((m) => renderHuman(m, ctx)) };
    });
    if (messages.length === 0) this.log('No messages.');
    for (const l of lines) this.log(l);
    return { conversation, ...(who ? namesField([who]) : {}), messages };
  }
}
