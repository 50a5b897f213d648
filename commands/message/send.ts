import { Args, Flags } from '@oclif/core';
import { BaseCommand } from '../../src/cli/base-command.js';
import { secretFlags } from '../../src/cli/context.js';
import { parseDisappear, parseDurationFlag, readMessageText } from '../../src/cli/message-input.js';
import { parseAccountId } from '../../src/identity/ids.js';
import type { SendMessageResult } from '../../src/actions/send-message.js';

export default class MessageSend extends BaseCommand<typeof MessageSend> {
  static override summary = 'Send an end-to-end encrypted message to an Account ID, over onion requests.';
  static override description = `TEXT comes from exactly one of: the argument, --file PATH, or standard input ("-" or a pipe);
two at once is a usage error. Text that is not valid UTF-8 is refused, never altered (one trailing
newline from a file or pipe is dropped). The message is stored in the recipient's swarm and a sync
copy in yours (so your other devices see it); to your own Account ID (Note to Self) only the sync
copy is stored. Every request goes through a 3-node onion path. The JSON result is the message
object (README "Message object") plus to, messageHash and confirmations. Each --attach file is
encrypted and uploaded to the file server (on its own onion paths) before the message is made; the
message then needs no TEXT.

Exit codes: 2 invalid recipient, empty, non-UTF-8 or doubly given text, bad flag value (before any
network traffic), 3 no path / network unreachable, 4 refused by the network, 6 no identity or locked
keystore, 7 clock skew / rate limit, 8 delivery unknown (a store may have reached the swarm but none
confirmed it: \`message resend ID\` sends the very same bytes again, never a second copy).`;
  static override examples = [
    '<%= config.bin %> message send 05… "deploy finished"',
    'echo "disk almost full on $(hostname)" | <%= config.bin %> message send 05… --json',
    '<%= config.bin %> message send 05… --file report.txt --disappear after-send:1h',
    '<%= config.bin %> message send 05… "logs attached" --attach app.log --attach screen.png',
  ];
  static override args = {
    to: Args.string({
      description: 'Recipient Account ID (05…) or Session name (resolved by three agreeing nodes).',
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
        'Disappearing message: MODE:DURATION, MODE = after-send | after-read, DURATION up to 14d (e.g. after-read:1h).',
      multiple: false,
    }),
    attach: Flags.string({
      description:
        'Attach a file (repeatable, up to 10 MB each); its name and MIME type go with it. Read before any network traffic.',
      multiple: true,
    }),
    typing: Flags.boolean({
      description: 'Opt-in: show a typing indicator to the recipient first.',
      default: false,
    }),
    ...secretFlags,
  };

  async run(): Promise<SendMessageResult & { name?: string }> {
    const f = this.flags;
    // TO is an Account ID or a Session name; either is checked before any network traffic.
    const { looksLikeName, normaliseName } = await import('../../src/names/resolve.js');
    const name = looksLikeName(this.args.to) ? normaliseName(this.args.to) : undefined;
    const isGroup = /^03[0-9a-f]{64}$/i.test(this.args.to.trim());
    const toId =
      name === undefined
        ? isGroup
          ? this.args.to.trim().toLowerCase()
          : parseAccountId(this.args.to)
        : undefined;
    // Every flag is checked before the text is read and before any network traffic.
    const disappear = f.disappear === undefined ? undefined : parseDisappear(f.disappear);
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
        const { resolveName } = await import('../../src/names/resolve.js');
        const { KvCache } = await import('../../src/store/database.js');
        to = (await resolveName(client.net, name!, { signal: this.signal, cache: new KvCache(client.db) }))
          .accountId;
      }
      const { verboseLogger } = await import('../../src/cli/client-flags.js');
      const attachments = await uploadAttachmentFiles(files, {
        network: f.network,
        signal: this.signal,
        ...(f.verbose ? { logger: verboseLogger() } : {}),
      });
      const r = await sendMessage(client, {
        to,
        ...(attachments.length > 0 ? { attachments } : {}),
        text,
        ...(ttlMs === undefined ? {} : { ttlMs }),
        ...(disappear ? { disappear } : {}),
        typing: f.typing,
        ...(client.info.displayName ? { displayName: client.info.displayName } : {}),
        signal: this.signal,
      });
      this.log(
        `Sent ${r.id} to ${name ? `${name} (${r.to})` : r.to}${attachments.length ? ` with ${attachments.length} attachment(s)` : ''} (hash ${r.messageHash}, ${r.confirmations} swarm confirmations)`,
      );
      return name === undefined ? r : { ...r, name };
    } finally {
      await client.close();
    }
  }
}
