import { Flags } from '@oclif/core';
import { BaseCommand } from '../../src/cli/base-command.js';
import { secretFlags } from '../../src/cli/context.js';
import type { StoredMessageRow } from '../../src/store/messages.js';

interface MessageEvent {
  type: 'message';
  id: string;
  cursor: number;
  hash: string | null;
  from: string;
  conversation: string;
  direction: 'in' | 'out';
  timestamp: number;
  text: string | null;
}

function toEvent(m: StoredMessageRow): MessageEvent {
  return {
    type: 'message',
    id: `${m.author}:${m.timestamp}`,
    cursor: m.id,
    hash: m.hash,
    from: m.author,
    conversation: m.conversation,
    direction: m.direction,
    timestamp: m.timestamp,
    text: m.text,
  };
}

export default class MessageReceive extends BaseCommand<typeof MessageReceive> {
  static override summary = 'Fetch new messages from your swarm, store them locally, print them.';
  static override description = `Without --follow: fetch what is new, print it, exit. With --follow: keep polling and print NDJSON
events (one JSON object per line: type, id, cursor, from, conversation, timestamp, text) until
interrupted. --since CURSOR first replays what the local store holds after that cursor, so a
consumer that restarts resumes exactly where it stopped.`;
  static override examples = [
    '<%= config.bin %> message receive',
    '<%= config.bin %> message receive --json | jq ".result.messages[].text"',
    '<%= config.bin %> message receive --follow --since 42 | while read -r ev; do echo "$ev"; done',
  ];
  static override flags = {
    follow: Flags.boolean({ description: 'Keep polling; print NDJSON events.', default: false }),
    since: Flags.integer({ description: 'Replay stored messages after this cursor first.', min: 0 }),
    interval: Flags.integer({ description: 'Seconds between polls with --follow.', default: 5, min: 1 }),
    'read-receipts': Flags.boolean({
      description: 'Opt-in: tell senders (accepted conversations only) that you read their messages.',
      default: false,
    }),
    ...secretFlags,
  };

  async run(): Promise<{ messages: MessageEvent[]; skipped: number }> {
    const { clientFromFlags } = await import('../../src/cli/client-flags.js');
    const { receiveMessages } = await import('../../src/actions/receive.js');
    const { markRead } = await import('../../src/actions/read.js');
    const client = await clientFromFlags(this.flags);
    const controller = new AbortController();
    const stop = () => controller.abort();
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
    try {
      if (!this.flags.follow) {
        const replay = this.flags.since === undefined ? [] : client.store.since(this.flags.since);
        const r = await receiveMessages(client, { signal: controller.signal });
        // Printing them is reading them: after-read timers start, opted-in receipts go out.
        await markRead(client, r.messages, {
          sendReceipts: this.flags['read-receipts'],
          signal: controller.signal,
        });
        const seen = new Set(replay.map((m) => m.id));
        const events = [...replay, ...r.messages.filter((m) => !seen.has(m.id))].map(toEvent);
        for (const e of events)
          this.log(`${new Date(e.timestamp).toISOString()}  ${e.from}  ${e.text ?? ''}`);
        if (r.skipped.length)
          this.note(`${r.skipped.length} message(s) could not be decrypted or verified and were skipped`);
        return { messages: events, skipped: r.skipped.length };
      }
      const write = (e: MessageEvent) => process.stdout.write(`${JSON.stringify(e)}\n`);
      // Without --since, only what arrives from now on; with it, the stored backlog first.
      let cursor = this.flags.since ?? client.store.maxCursor();
      const emit = () => {
        for (const m of client.store.since(cursor)) {
          write(toEvent(m));
          cursor = m.id;
        }
      };
      emit();
      while (!controller.signal.aborted) {
        try {
          const r = await receiveMessages(client, { signal: controller.signal });
          await markRead(client, r.messages, {
            sendReceipts: this.flags['read-receipts'],
            signal: controller.signal,
          });
        } catch (e) {
          if (controller.signal.aborted) break;
          process.stderr.write(`[session] poll failed: ${(e as Error).message}\n`);
        }
        // Emit from the store, in insertion order: the store is the source of truth for cursors.
        emit();
        await new Promise((r) => {
          const t = setTimeout(r, this.flags.interval * 1000);
          controller.signal.addEventListener('abort', () => {
            clearTimeout(t);
            r(undefined);
          });
        });
      }
      return undefined as unknown as { messages: MessageEvent[]; skipped: number };
    } finally {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      await client.close();
    }
  }
}
