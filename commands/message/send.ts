import { Args, Flags } from '@oclif/core';
import { BaseCommand } from '../../src/cli/base-command.js';
import { secretFlags } from '../../src/cli/context.js';
import { parseDisappear, parseDurationFlag, readMessageText } from '../../src/cli/message-input.js';
import type { QueuedMessageResult, SendMessageResult } from '../../src/actions/send-message.js';
import { SessionError } from '../../src/errors.js';
import type { MessageObject } from '../../src/messages/message-object.js';
import type { AlertReservation } from '../../src/actions/alert-policy.js';
import type { CommunityDmResult } from '../../src/actions/community-dm.js';

/** What a send that sent nothing answers: the earlier message (deduplicated) or the throttle. */
type NotSent =
  | (Omit<Partial<MessageObject>, 'id'> & { id: string | null; to: string; deduplicated: true })
  | { to: string; throttled: true; retryAfterMs: number };

export default class MessageSend extends BaseCommand<typeof MessageSend> {
  static override summary = 'Send an end-to-end encrypted message to an Account ID, over onion requests.';
  static override description = `TEXT comes from exactly one of: the argument, --file PATH, or standard input ("-" or a pipe);
two at once is a usage error. Text that is not valid UTF-8 is refused, never altered (one trailing
newline from a file or pipe is dropped). The message is stored in the recipient's swarm and a sync
copy in yours (so your other devices see it); to your own Account ID (Note to Self) only the sync
copy is stored. Every request goes through a 3-node onion path. The JSON result is the message
object (README "Message object") plus to, messageHash and confirmations. Each --attach file is
encrypted and uploaded to the file server (on its own onion paths) before the message is made; the
message then needs no TEXT. --reply-to MESSAGE_ID (a message object's id, AUTHOR:TIMESTAMP, stored
here and in this conversation) makes it a reply: it carries a quote of that message (its author,
timestamp and text), shown as "quote" in the message object. To a group ID (03…) the message is
stored once on the group's swarm (no sync copy: every member's device polls it) and takes TEXT,
--attach, --reply-to (a message of that group) and --disappear after-send:DURATION (groups have
no after-read; without --disappear the group's own setting applies); not --ttl, --typing or
--wait queued. To a community DM's 15 id (a conversation that went by a community server) it goes
through that server's inbox, as \`community dm\` sends it (the result: the message object plus to,
server and inboxId), and takes TEXT and --reply-to only.

Exit codes: 2 invalid recipient, empty, non-UTF-8 or doubly given text, bad flag value or malformed
--reply-to id, after-read for a group (before any network traffic), 6 --reply-to names no stored
message or TO is a group you are not in (NOT_FOUND), 3 no path / network unreachable, 4 refused by the network, 6 no identity or locked
keystore, 7 clock skew / rate limit, 8 delivery unknown (a store may have reached the swarm but none
confirmed it: \`message resend ID\` sends the very same bytes again, never a second copy).

--wait stored (the default) returns once the swarm has stored the message; --wait queued writes it
to the outbox and returns at once (result: the message object plus "queued": true; no network
traffic): a running daemon serving the profile delivers it, or the next \`message resend --all\`.

Alerts: with --dedupe-key K, a send whose key was already sent within --dedupe-window (default
10m) is not sent again (exit 0, "deduplicated": true and the earlier message's id); with
--throttle N/UNIT (e.g. 5/min) at most N sends go to one recipient in any such window (a sliding
window), beyond that nothing is sent (exit 0, "throttled": true, a warning on stderr). Both are
kept in the profile's store, so they hold across processes, with or without a daemon.`;
  static override examples = [
    '<%= config.bin %> message send 05… "deploy finished"',
    'echo "disk almost full on $(hostname)" | <%= config.bin %> message send 05… --json',
    '<%= config.bin %> message send 05… --file report.txt --disappear after-send:1h',
    '<%= config.bin %> message send 05… "logs attached" --attach app.log --attach screen.png',
    '<%= config.bin %> message send 05… "disk full on db1" --dedupe-key disk-db1 --dedupe-window 1h --throttle 5/min',
    '<%= config.bin %> message send 05… "nightly backup done" --wait queued',
    '<%= config.bin %> message send 05… "on it" --reply-to 05…:1754971101000',
  ];
  static override args = {
    to: Args.string({
      description:
        'Recipient Account ID (05…) or Session name (resolved by three agreeing nodes), or a group ID (03…).',
      required: true,
      ignoreStdin: true,
    }),
    // oclif would otherwise fill a missing TEXT from stdin itself, line by line, trimmed (CRLF and
    // invalid bytes silently changed); readMessageText reads the raw bytes instead.
    text: Args.string({ description: 'Message text, or "-" for standard input.', ignoreStdin: true }),
  };
  static override flags = {
    file: Flags.string({ description: 'Read the message text from this file (UTF-8).' }),
    ttl: Flags.string({
      description: 'How long the network keeps it for the recipient (10s to 14d, e.g. 2d).',
    }),
    disappear: Flags.string({
      description:
        'Disappearing message: MODE:DURATION, MODE = after-send | after-read (groups: after-send only), DURATION up to 14d (e.g. after-read:1h).',
      multiple: false,
    }),
    attach: Flags.string({
      description:
        'Attach a file (repeatable, up to 10 MB each); its name and MIME type go with it. Read before any network traffic.',
      multiple: true,
    }),
    'reply-to': Flags.string({
      description: 'Reply to this message (its id AUTHOR:TIMESTAMP): the message quotes it.',
    }),
    typing: Flags.boolean({
      description: 'Opt-in: show a typing indicator to the recipient first.',
      default: false,
    }),
    wait: Flags.string({
      description:
        'stored: return once the swarm stored it; queued: write it to the outbox and return at once (a daemon or `message resend --all` delivers it).',
      options: ['stored', 'queued'],
      default: 'stored',
    }),
    'dedupe-key': Flags.string({
      description: 'Alert key: not sent again while a send with this key is within --dedupe-window.',
    }),
    'dedupe-window': Flags.string({
      description: 'How long a --dedupe-key holds (1s to 14d, e.g. 10m). Default 10m.',
    }),
    throttle: Flags.string({
      description: 'At most N sends to this recipient per window, e.g. 5/min, 20/h (sliding window).',
    }),
    ...secretFlags,
  };

  async run(): Promise<
    (SendMessageResult | QueuedMessageResult | NotSent | CommunityDmResult) & { name?: string }
  > {
    const f = this.flags;
    const queued = f.wait === 'queued';
    const { parseThrottle, MAX_POLICY_WINDOW_MS } = await import('../../src/actions/alert-policy.js');
    if (f['dedupe-window'] !== undefined && f['dedupe-key'] === undefined)
      throw new SessionError('INVALID_INPUT', '--dedupe-window needs --dedupe-key');
    if (f['dedupe-key'] !== undefined && f['dedupe-key'].trim() === '')
      throw new SessionError('INVALID_INPUT', '--dedupe-key must not be empty');
    const dedupe =
      f['dedupe-key'] === undefined
        ? undefined
        : {
            key: f['dedupe-key'],
            windowMs:
              parseDurationFlag('dedupe-window', f['dedupe-window'] ?? '10m', {
                min: 1,
                max: MAX_POLICY_WINDOW_MS / 1000,
              }) * 1000,
          };
    const throttle = f.throttle === undefined ? undefined : parseThrottle(f.throttle);
    // TO is an Account ID or a Session name; either is checked before any network traffic.
    const isGroup = /^03[0-9a-f]{64}$/i.test(this.args.to.trim());
    const replyTo = f['reply-to'];
    if (replyTo !== undefined) {
      const { checkMessageRef } = await import('../../src/actions/send-message.js');
      checkMessageRef(replyTo, '--reply-to');
    }
    const { blindedArg } = await import('../../src/actions/community-dm.js');
    const dm = isGroup ? undefined : blindedArg(this.args.to);
    if (dm !== undefined) return this.sendToDm(dm, replyTo);
    const { checkAccountArg, resolveAccountArgsWithClient } = await import('../../src/cli/account-arg.js');
    const recipient = isGroup ? undefined : checkAccountArg(this.args.to);
    const name = recipient?.name;
    const toId: string | undefined = isGroup ? this.args.to.trim().toLowerCase() : recipient!.accountId;
    if (isGroup && (f.typing || f.ttl !== undefined))
      throw new SessionError(
        'INVALID_INPUT',
        'group messages take no --ttl or --typing (a group message lives 14 days, or as --disappear says)',
      );
    // Every flag is checked before the text is read and before any network traffic.
    if (queued && (toId === undefined || isGroup || (f.attach ?? []).length > 0 || f.typing))
      throw new SessionError(
        'INVALID_INPUT',
        '--wait queued needs an Account ID (05…) and no --attach or --typing: those need the network first',
      );
    const disappear = f.disappear === undefined ? undefined : parseDisappear(f.disappear);
    if (isGroup) {
      const { checkGroupDisappear } = await import('../../src/actions/group-messages.js');
      checkGroupDisappear(disappear);
    }
    const ttlMs =
      f.ttl === undefined ? undefined : parseDurationFlag('ttl', f.ttl, { min: 10, max: 14 * 86400 }) * 1000;
    // Attachments are read (missing, unreadable or too large: exit 2) before the text and the network.
    const { readAttachmentFiles, uploadAttachmentFiles } = await import('../../src/actions/attachments.js');
    const files = await readAttachmentFiles(f.attach ?? []);
    const textless = files.length > 0 && this.args.text === undefined && f.file === undefined;
    const text =
      textless && process.stdin.isTTY
        ? ''
        : await readMessageText({ arg: this.args.text, file: f.file, stdin: process.stdin });
    const { clientFromFlags } = await import('../../src/cli/client-flags.js');
    const { sendMessage, checkMessageText } = await import('../../src/actions/send-message.js');
    checkMessageText(text, files.length);
    const client = await clientFromFlags(f);
    try {
      let to: string | undefined = toId;
      if (to === undefined) {
        const [r] = await resolveAccountArgsWithClient([recipient!], client, this.signal);
        to = r!.accountId;
      }
      // a group we are not in (or only invited to) is refused before any upload
      if (isGroup) {
        const { sendableGroup } = await import('../../src/actions/group-messages.js');
        await sendableGroup(client, to);
      }
      // the quoted message is looked up before anything is reserved, uploaded or sent
      if (replyTo !== undefined) {
        const { quotedMessage } = await import('../../src/actions/send-message.js');
        quotedMessage(client.store, replyTo, to);
      }
      // The alert policies decide before anything is uploaded or sent, and reserve this send in
      // the same write transaction (another process sees it at once).
      let reservation: AlertReservation | undefined;
      if (dedupe || throttle) {
        const { admitAlert } = await import('../../src/actions/alert-policy.js');
        const { AlertLedger } = await import('../../src/store/alerts.js');
        const d = admitAlert(new AlertLedger(client.db), { recipient: to, dedupe, throttle }, Date.now());
        if (d.kind === 'deduplicated') {
          const { toMessageObject } = await import('../../src/messages/message-object.js');
          const row = d.earlier.messageId === '' ? undefined : client.store.find(d.earlier.messageId);
          this.log(
            `Not sent: "${dedupe!.key}" was sent ${d.earlier.messageId ? `as ${d.earlier.messageId} ` : ''}within the dedupe window`,
          );
          return {
            ...(row ? toMessageObject(row) : {}),
            id: d.earlier.messageId === '' ? null : d.earlier.messageId,
            to,
            deduplicated: true,
          };
        }
        if (d.kind === 'throttled') {
          const message = `throttled: ${throttle!.count} messages to ${to} within ${Math.round(throttle!.windowMs / 1000)}s already; not sent (next possible in ${Math.ceil(d.retryAfterMs / 1000)}s)`;
          this.note(message);
          // Alert scripts read --json from stdout: the warning still goes to stderr.
          if (this.jsonEnabled() && !this.quiet) process.stderr.write(`Warning: ${message}\n`);
          return { to, throttled: true, retryAfterMs: d.retryAfterMs };
        }
        reservation = d.reservation;
      }
      if (queued) {
        let q: QueuedMessageResult;
        try {
          q = await sendMessage(client, {
            to,
            text,
            ...(ttlMs === undefined ? {} : { ttlMs }),
            ...(disappear ? { disappear } : {}),
            ...(client.info.displayName ? { displayName: client.info.displayName } : {}),
            ...(replyTo === undefined ? {} : { replyTo }),
            queue: true,
          });
        } catch (e) {
          reservation?.release();
          throw e;
        }
        reservation?.sent(q.id);
        this.log(`Queued ${q.id} to ${q.to}: a running daemon or \`message resend --all\` delivers it`);
        return q;
      }
      const { verboseLogger } = await import('../../src/cli/client-flags.js');
      let attachments: Awaited<ReturnType<typeof uploadAttachmentFiles>>;
      let r: SendMessageResult;
      try {
        attachments = await uploadAttachmentFiles(files, {
          network: f.network,
          signal: this.signal,
          ...(f.verbose ? { logger: verboseLogger() } : {}),
        });
        r = await sendMessage(client, {
          to,
          ...(attachments.length > 0 ? { attachments } : {}),
          text,
          ...(ttlMs === undefined ? {} : { ttlMs }),
          ...(disappear ? { disappear } : {}),
          typing: f.typing,
          ...(client.info.displayName ? { displayName: client.info.displayName } : {}),
          ...(replyTo === undefined ? {} : { replyTo }),
          signal: this.signal,
        });
      } catch (e) {
        // A send that left its bytes in the outbox (resend completes it) counts; one that made
        // nothing does not.
        const pending = (e as { details?: { pending?: unknown } }).details?.pending;
        if (typeof pending === 'string') reservation?.sent(pending);
        else reservation?.release();
        throw e;
      }
      reservation?.sent(r.id);
      this.log(
        `Sent ${r.id} to ${name ? `${name} (${r.to})` : r.to}${attachments.length ? ` with ${attachments.length} attachment(s)` : ''} (hash ${r.messageHash}, ${r.confirmations} swarm confirmations)`,
      );
      return name === undefined ? r : { ...r, name };
    } finally {
      await client.close();
    }
  }

  /** TO is a community DM (15…): through the inbox of the server its messages went by. */
  private async sendToDm(dm: string, replyTo: string | undefined): Promise<CommunityDmResult> {
    const f = this.flags;
    const notForDm = [
      (f.attach ?? []).length > 0 && '--attach',
      f.typing && '--typing',
      f.disappear !== undefined && '--disappear',
      f.ttl !== undefined && '--ttl',
      f.wait === 'queued' && '--wait queued',
      f['dedupe-key'] !== undefined && '--dedupe-key',
      f.throttle !== undefined && '--throttle',
    ].filter((x): x is string => typeof x === 'string');
    if (notForDm.length > 0)
      throw new SessionError('INVALID_INPUT', `a community DM (15…) takes no ${notForDm.join(', ')}`, {
        hint: "it goes through the community server's inbox: TEXT (or --file, stdin) and --reply-to",
      });
    const text = await readMessageText({ arg: this.args.text, file: f.file, stdin: process.stdin });
    const { clientFromFlags } = await import('../../src/cli/client-flags.js');
    const { sendCommunityDm } = await import('../../src/actions/community-dm.js');
    const client = await clientFromFlags(f);
    try {
      const server = client.store.dmServer(dm);
      if (server === undefined)
        throw new SessionError('NOT_FOUND', `no community DM with ${dm.slice(0, 10)}… here`, {
          hint: 'the first message to someone seen in a community names its server: `session community dm SERVER ID TEXT`',
        });
      const r = await sendCommunityDm(client, server, dm, text, {
        signal: this.signal,
        replyTo,
        onWarning: (w) => this.note(w),
      });
      this.log(`Sent ${r.id} to ${r.to} (a community DM, by ${r.server})`);
      return r;
    } finally {
      await client.close();
    }
  }
}
