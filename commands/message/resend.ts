import { Args, Flags } from '@oclif/core';
import { BaseCommand } from '../../src/cli/base-command.js';
import { secretFlags } from '../../src/cli/context.js';
import { SessionError } from '../../src/errors.js';
import type { PendingView } from '../../src/actions/resend-message.js';
import type { SendMessageResult } from '../../src/actions/send-message.js';

export default class MessageResend extends BaseCommand<typeof MessageResend> {
  static override summary = 'Send a pending message again, with the exact bytes of its first send.';
  static override description = `A send that failed, or whose outcome is unknown (exit 8, DELIVERY_UNKNOWN), stays pending with
the encrypted bytes it was sent with. Resending stores those same bytes: the swarm keeps one message
per hash, so a resend completes the first send and never makes a second copy. --list shows what is
pending, and whether a daemon delivers it on its own ("queued": a --wait queued send, or the sync
copy of a message the daemon sent, which follows it a moment later); --all resends every pending
message.`;
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
    const { pendingMessages, pendingView, resendMessage } =
      await import('../../src/actions/resend-message.js');
    const client = await clientFromFlags(f);
    try {
      if (f.list) {
        const view = pendingView(client);
        for (const m of view) {
          const what = m.copies.includes('recipient') ? '' : ', its sync copy';
          const state = m.queued ? `queued${what}: a daemon sends it` : `failed${what}: resend it`;
          this.log(`${m.id}  to ${m.to}  ${JSON.stringify(m.text.slice(0, 60))}  (${state})`);
        }
        if (view.length === 0) this.log('Nothing pending.');
        return { pending: view };
      }
      const pending = pendingMessages(client);
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
