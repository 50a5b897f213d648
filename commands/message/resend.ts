import { Args, Flags } from '@oclif/core';
import { BaseCommand } from '../../src/cli/base-command.js';
import { secretFlags } from '../../src/cli/context.js';
import { SessionError } from '../../src/errors.js';
import type { SendMessageResult } from '../../src/actions/send-message.js';

interface PendingView {
  id: string;
  to: string;
  timestamp: number;
  text: string;
  createdAt: number;
}

export default class MessageResend extends BaseCommand<typeof MessageResend> {
  static override summary = 'Send a pending message again, with the exact bytes of its first send.';
  static override description = `A send that failed, or whose outcome is unknown (exit 8, DELIVERY_UNKNOWN), stays pending with
the encrypted bytes it was sent with. Resending stores those same bytes: the swarm keeps one message
per hash, so a resend completes the first send and never makes a second copy. --list shows what is
pending; --all resends every pending message.`;
  static override examples = [
    '<%= config.bin %> message resend --list',
    '<%= config.bin %> message resend 05…:1764578000123',
    '<%= config.bin %> message resend --all --json',
  ];
  static override args = {
    id: Args.string({
      description: 'The pending message id (AUTHOR:TIMESTAMP, as printed by the failed send).',
    }),
  };
  static override flags = {
    list: Flags.boolean({ description: 'List pending messages; send nothing.', default: false }),
    all: Flags.boolean({ description: 'Resend every pending message.', default: false }),
    ...secretFlags,
  };

  async run(): Promise<{ pending: PendingView[] } | { sent: SendMessageResult[] }> {
    const f = this.flags;
    if ([f.list, f.all, this.args.id !== undefined].filter(Boolean).length !== 1)
      throw new SessionError('INVALID_INPUT', 'give exactly one of: ID, --list, --all');
    const { clientFromFlags } = await import('../../src/cli/client-flags.js');
    const { pendingMessages, resendMessage } = await import('../../src/actions/resend-message.js');
    const client = await clientFromFlags(f);
    try {
      const pending = pendingMessages(client);
      if (f.list) {
        const view = pending.map((m) => ({
          id: m.id,
          to: m.to,
          timestamp: m.record.timestamp,
          text: m.record.text,
          createdAt: m.createdAt,
        }));
        for (const m of view) this.log(`${m.id}  to ${m.to}  ${JSON.stringify(m.text.slice(0, 60))}`);
        if (view.length === 0) this.log('Nothing pending.');
        return { pending: view };
      }
      const ids = f.all ? pending.map((m) => m.id) : [this.args.id!];
      const sent: SendMessageResult[] = [];
      for (const id of ids) {
        const r = await resendMessage(client, id, this.signal);
        this.log(`Sent ${r.id} to ${r.to} (hash ${r.messageHash}, ${r.confirmations} swarm confirmations)`);
        sent.push(r);
      }
      return { sent };
    } finally {
      await client.close();
    }
  }
}
