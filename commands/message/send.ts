import { readFile } from 'node:fs/promises';
import { Args, Flags } from '@oclif/core';
import { BaseCommand } from '../../src/cli/base-command.js';
import { secretFlags } from '../../src/cli/context.js';
import { readStdin } from '../../src/cli/prompt.js';
import { SessionError } from '../../src/errors.js';
import { parseAccountId } from '../../src/identity/ids.js';
import type { SendMessageResult } from '../../src/actions/send-message.js';

const DURATION = /^(\d+)(s|m|h|d|w)?$/;
const UNIT: Record<string, number> = { s: 1, m: 60, h: 3600, d: 86400, w: 604800 };

function parseDuration(text: string): number {
  const m = DURATION.exec(text);
  if (!m) throw new SessionError('INVALID_INPUT', `invalid duration "${text}" (e.g. 30s, 5m, 1h, 7d)`);
  return Number(m[1]) * UNIT[m[2] ?? 's']!;
}

export default class MessageSend extends BaseCommand<typeof MessageSend> {
  static override summary = 'Send an end-to-end encrypted message to an Account ID, over onion requests.';
  static override description = `TEXT comes from the argument, --file PATH, or standard input ("-" or a pipe). The message is
stored in the recipient's swarm and a sync copy in yours (so your other devices see it). Every
request goes through a 3-node onion path.

Exit codes: 2 invalid recipient or empty text (before any network traffic), 3 no path / network
unreachable, 4 refused by the network, 6 no identity or locked keystore, 7 clock skew / rate limit.`;
  static override examples = [
    '<%= config.bin %> message send 05… "deploy finished"',
    'echo "disk almost full on $(hostname)" | <%= config.bin %> message send 05… --json',
    '<%= config.bin %> message send 05… --file report.txt --disappear after-send 1h',
  ];
  static override args = {
    to: Args.string({ description: 'Recipient Account ID (05…).', required: true }),
    text: Args.string({ description: 'Message text, or "-" for standard input.' }),
  };
  static override flags = {
    file: Flags.string({ description: 'Read the message text from this file.' }),
    ttl: Flags.string({ description: 'How long the network keeps it for the recipient (e.g. 2d; max 14d).' }),
    disappear: Flags.string({
      description:
        'Disappearing message: MODE DURATION, MODE = after-send | after-read (e.g. "after-send 1h").',
      multiple: true,
    }),
    typing: Flags.boolean({
      description: 'Opt-in: show a typing indicator to the recipient first.',
      default: false,
    }),
    ...secretFlags,
  };

  async run(): Promise<SendMessageResult> {
    const f = this.flags;
    const to = parseAccountId(this.args.to);
    let text: string;
    if (f.file !== undefined) {
      try {
        text = await readFile(f.file, 'utf8');
      } catch (cause) {
        throw new SessionError('INVALID_INPUT', `cannot read ${f.file}`, { cause });
      }
    } else if (this.args.text !== undefined && this.args.text !== '-') {
      text = this.args.text;
    } else if (!process.stdin.isTTY) {
      text = await readStdin();
    } else {
      throw new SessionError('INVALID_INPUT', 'no message text', {
        hint: 'give TEXT, --file PATH, or pipe it on stdin',
      });
    }
    text = text.replace(/\r?\n$/, '');
    let disappear: { mode: 'after-send' | 'after-read'; seconds: number } | undefined;
    if (f.disappear) {
      const parts = f.disappear.join(' ').trim().split(/\s+/);
      const mode = parts[0];
      if ((mode !== 'after-send' && mode !== 'after-read') || parts.length !== 2) {
        throw new SessionError(
          'INVALID_INPUT',
          '--disappear needs "after-send DURATION" or "after-read DURATION"',
        );
      }
      disappear = { mode, seconds: parseDuration(parts[1]!) };
    }
    const ttlMs = f.ttl === undefined ? undefined : parseDuration(f.ttl) * 1000;
    if (ttlMs !== undefined && (ttlMs < 10_000 || ttlMs > 14 * 86_400_000)) {
      throw new SessionError('INVALID_INPUT', '--ttl must be between 10s and 14d');
    }
    const { clientFromFlags } = await import('../../src/cli/client-flags.js');
    const { sendMessage } = await import('../../src/actions/send-message.js');
    const client = await clientFromFlags(f);
    try {
      const r = await sendMessage(client, {
        to,
        text,
        ...(ttlMs === undefined ? {} : { ttlMs }),
        ...(disappear ? { disappear } : {}),
        typing: f.typing,
        ...(client.info.displayName ? { displayName: client.info.displayName } : {}),
      });
      this.log(`Sent to ${r.to} (hash ${r.messageHash}, ${r.confirmations} swarm confirmations)`);
      return r;
    } finally {
      await client.close();
    }
  }
}
