import { Flags } from '@oclif/core';
import { BaseCommand } from '../../src/cli/base-command.js';
import { secretFlags } from '../../src/cli/context.js';
import { parseDurationFlag, parseIntegerFlag } from '../../src/cli/message-input.js';
import { SessionError, exitCodeFor } from '../../src/errors.js';
import {
  renderHuman,
  toMessageObject,
  type DisplayContext,
  type MessageObject,
  type GroupEvent,
  type StreamEvent,
} from '../../src/messages/message-object.js';
import type { MessageStore, StoredMessageRow } from '../../src/store/messages.js';
import type { SavedAttachment } from '../../src/actions/attachments.js';

type OtherEvent = Exclude<StreamEvent, MessageObject> | GroupEvent;

/** Names and request states, read once per rendering (the store is the source of truth). */
function displayContext(store: MessageStore, own: string): DisplayContext {
  const convs = new Map(store.conversations().map((c) => [c.id, c]));
  return {
    own,
    nameOf: (id) => convs.get(id)?.displayName,
    isRequest: (id) => convs.get(id)?.state === 'request',
  };
}

export default class MessageReceive extends BaseCommand<typeof MessageReceive> {
  static override summary = 'Fetch new messages from your swarm, store them locally, print them.';
  static override description = `Without --follow: fetch what is new, print it, exit; --json gives
{ messages, events, skipped, ignored } with message objects (README "Message object"). The DMs
of the servers of joined community rooms come too (conversation: the other side's 15… id). With
--follow: keep polling and print each event
as it happens: human lines, or with --json NDJSON (one JSON object per line): "message" events are
message objects; "unsend", "read", "typing", "request" and "reaction" events carry type, id and
cursor too (a reaction is no message: it changes the reactions of the message it names, which
\`message list\` shows). Junk (a reaction to a message not stored here, an empty or overlong emoji)
is dropped and counted ("ignored").
--since CURSOR first replays what the local store holds after that cursor, so a consumer that
restarts resumes exactly where it stopped. --download-dir DIR saves the attachments of newly
received messages there (a taken name gets -1, -2, …; never replaced); a failed download is a
warning, the message is still received. A follow ends (exit 0) after --timeout or
--max-messages; Ctrl-C ends it with exit 130 once the batch being saved is committed.`;
  static override examples = [
    '<%= config.bin %> message receive',
    '<%= config.bin %> message receive --json | jq ".result.messages[].text"',
    '<%= config.bin %> message receive --follow --json --since 42 | while read -r ev; do echo "$ev"; done',
    '<%= config.bin %> message receive --follow --max-messages 1 --timeout 5m',
  ];
  static override flags = {
    follow: Flags.boolean({ description: 'Keep polling; print events as they happen.', default: false }),
    since: Flags.string({ description: 'Replay stored messages after this cursor first.' }),
    // The daemon's: what its poll stored after this cursor was never handed out, so handing it out
    // now is reading it (after-read timers, receipts), unlike a --since replay of what was shown.
    'unseen-since': Flags.string({ hidden: true, exclusive: ['since', 'follow'] }),
    interval: Flags.string({ description: 'Seconds between polls with --follow (1-3600).', default: '5' }),
    timeout: Flags.string({
      description: 'With --follow: stop after this long (e.g. 30s, 5m), exit 0.',
    }),
    'max-messages': Flags.string({
      description: 'With --follow: stop after N messages, exit 0.',
    }),
    'download-dir': Flags.string({
      description: "Save every received attachment in this directory, under the sender's file name.",
    }),
    'read-receipts': Flags.boolean({
      description: 'Opt-in: tell senders (accepted conversations only) that you read their messages.',
      default: false,
    }),
    ...secretFlags,
  };

  async run(): Promise<{
    messages: MessageObject[];
    events: OtherEvent[];
    skipped: number;
    ignored: number;
    downloads?: SavedAttachment[];
  }> {
    const f = this.flags;
    // (oclif's dependsOn counts a boolean's default as given, so this is checked here.)
    for (const name of ['timeout', 'max-messages'] as const)
      if (f[name] !== undefined && !f.follow)
        throw new SessionError('INVALID_INPUT', `--${name} ends a follow: it needs --follow`);
    const since =
      f.since === undefined
        ? undefined
        : parseIntegerFlag('since', f.since, { min: 0, max: Number.MAX_SAFE_INTEGER });
    const unseenSince =
      f['unseen-since'] === undefined
        ? undefined
        : parseIntegerFlag('unseen-since', f['unseen-since'], { min: 0, max: Number.MAX_SAFE_INTEGER });
    const intervalS = parseIntegerFlag('interval', f.interval, { min: 1, max: 3600 });
    const timeoutS =
      f.timeout === undefined
        ? undefined
        : parseDurationFlag('timeout', f.timeout, { min: 1, max: 30 * 86400 });
    const maxMessages =
      f['max-messages'] === undefined
        ? undefined
        : parseIntegerFlag('max-messages', f['max-messages'], { min: 1, max: Number.MAX_SAFE_INTEGER });
    const files = await import('../../src/actions/attachments.js');
    const downloadDir =
      f['download-dir'] === undefined ? undefined : await files.checkDownloadDir(f['download-dir']);
    const { clientFromFlags } = await import('../../src/cli/client-flags.js');
    const { receiveMessages } = await import('../../src/actions/receive.js');
    const { receiveCommunityDms } = await import('../../src/actions/community-dm.js');
    const { markRead } = await import('../../src/actions/read.js');
    const client = await clientFromFlags(f);
    const controller = new AbortController();
    let interrupted = false;
    const stop = () => {
      interrupted = true;
      controller.abort();
    };
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
    // Attachments of what was just received (never of the replayed backlog: it was received before).
    const download = async (rows: StoredMessageRow[], warn: (line: string) => void) => {
      if (downloadDir === undefined) return [];
      const r = await files.downloadAllAttachments(client.store, rows, downloadDir, {
        network: f.network,
        signal: controller.signal,
      });
      for (const x of r.failed) warn(`attachment ${x.index} of ${x.message} was not saved: ${x.error}`);
      return r.saved;
    };
    try {
      if (!f.follow) {
        const unseen = unseenSince === undefined ? [] : client.store.since(unseenSince);
        const replay = since === undefined ? unseen : client.store.since(since);
        const r = await receiveMessages(client, { signal: controller.signal });
        // The community DMs of the joined rooms' servers (their conversations are 15 ids).
        const dms = await receiveCommunityDms(client, { signal: controller.signal });
        const received = [...r.messages, ...dms.messages];
        // Printing them is reading them: after-read timers start, opted-in receipts go out.
        const newlyShown = [...unseen, ...received.filter((m) => !unseen.some((u) => u.id === m.id))];
        await markRead(client, newlyShown, { sendReceipts: f['read-receipts'], signal: controller.signal });
        const seen = new Set(replay.map((m) => m.id));
        const messages = [...replay, ...received.filter((m) => !seen.has(m.id))].map(toMessageObject);
        const events = [...r.events, ...dms.requests, ...dms.reactions, ...r.groupEvents];
        const ctx = displayContext(client.store, client.keys.accountId);
        for (const e of [...messages, ...events]) this.log(renderHuman(e, ctx));
        for (const w of [...r.warnings, ...dms.warnings]) this.note(w);
        if (r.skipped.length)
          this.note(`${r.skipped.length} message(s) could not be decrypted or verified and were skipped`);
        if (r.ignored.length) this.note(`${r.ignored.length} message(s) were junk and ignored`);
        const saved = await download(r.messages, (w) => this.note(w));
        for (const x of saved) this.log(`Saved ${x.path} (attachment ${x.index} of ${x.message})`);
        return {
          messages,
          events,
          skipped: r.skipped.length,
          ignored: r.ignored.length,
          ...(downloadDir === undefined ? {} : { downloads: saved }),
        };
      }
      const json = this.jsonEnabled();
      const write = (e: StreamEvent | GroupEvent) =>
        process.stdout.write(
          json
            ? `${JSON.stringify(e)}\n`
            : `${renderHuman(e, displayContext(client.store, client.keys.accountId))}\n`,
        );
      const timer =
        timeoutS === undefined ? undefined : setTimeout(() => controller.abort(), timeoutS * 1000);
      let count = 0;
      const done = () => maxMessages !== undefined && count >= maxMessages;
      // Without --since, only what arrives from now on; with it, the stored backlog first.
      let cursor = since ?? client.store.maxCursor();
      const emit = (others: OtherEvent[]) => {
        for (const m of client.store.since(cursor)) {
          if (done()) return;
          write(toMessageObject(m));
          cursor = m.id;
          count++;
        }
        for (const e of others) if (!done()) write(e);
      };
      try {
        emit([]);
        while (!controller.signal.aborted && !done()) {
          let others: OtherEvent[] = [];
          try {
            const r = await receiveMessages(client, { signal: controller.signal });
            others = [...r.events, ...r.groupEvents];
            for (const w of r.warnings) this.say(`Warning: ${w}`);
            await markRead(client, r.messages, {
              sendReceipts: f['read-receipts'],
              signal: controller.signal,
            });
            // stdout stays the event stream: where files went is said on stderr
            for (const x of await download(r.messages, (w) => this.say(`Warning: ${w}`)))
              this.say(`Saved ${x.path} (attachment ${x.index} of ${x.message})`);
          } catch (e) {
            if (controller.signal.aborted) break;
            this.say(`[session] poll failed: ${(e as Error).message}`);
          }
          // Community DMs: their own servers, so a swarm that failed above does not keep them.
          try {
            const dms = await receiveCommunityDms(client, { signal: controller.signal });
            others = [...others, ...dms.requests, ...dms.reactions];
            for (const w of dms.warnings) this.say(`Warning: ${w}`);
            await markRead(client, dms.messages, {
              sendReceipts: f['read-receipts'],
              signal: controller.signal,
            });
          } catch (e) {
            if (controller.signal.aborted) break;
            this.say(`[session] community DM poll failed: ${(e as Error).message}`);
          }
          // Emit from the store, in insertion order: the store is the source of truth for cursors.
          emit(others);
          if (done()) break;
          // The listener goes with the timer: one per poll would pile up for the life of a follow.
          await new Promise<void>((r) => {
            const wake = () => {
              clearTimeout(t);
              controller.signal.removeEventListener('abort', wake);
              r();
            };
            const t = setTimeout(wake, intervalS * 1000);
            controller.signal.addEventListener('abort', wake, { once: true });
          });
        }
      } finally {
        clearTimeout(timer);
      }
      // What was retrieved is committed (each batch is one transaction) before we get here.
      // Exit 130 without an error document: stdout stays clean NDJSON up to the last event.
      if (interrupted) {
        this.say('Interrupted.');
        process.exitCode = exitCodeFor('INTERRUPTED');
      }
      return undefined as unknown as {
        messages: MessageObject[];
        events: OtherEvent[];
        skipped: number;
        ignored: number;
      };
    } finally {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      await client.close();
    }
  }
}
