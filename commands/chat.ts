import { Flags } from '@oclif/core';
import { BaseCommand } from '../src/cli/base-command.js';
import { secretFlags } from '../src/cli/context.js';
import { parseIntegerFlag } from '../src/cli/message-input.js';
import { SessionError } from '../src/errors.js';

export default class Chat extends BaseCommand<typeof Chat> {
  static override summary = 'Open the interactive chat (a terminal UI): conversations, history, composer.';
  static override description = `Arrows or j/k move, Enter opens a conversation, typed text is sent with Enter (Alt-Enter: new
line), Esc goes back, ? shows every key and /command (/accept, /block, /attach PATH, /search …),
Ctrl-C quits. New messages arrive live. Needs a terminal; scripts use \`message receive --follow\`
and \`message send\`. Colour follows --color / NO_COLOR.`;
  static override examples = ['<%= config.bin %> chat', '<%= config.bin %> chat --profile work'];
  static override enableJsonFlag = false;
  static override flags = {
    interval: Flags.string({ description: 'Seconds between polls for new messages (1-3600).', default: '2' }),
    'read-receipts': Flags.boolean({
      description: 'Opt-in: tell senders (accepted conversations only) that you read their messages.',
      default: false,
    }),
    ...secretFlags,
  };

  async run(): Promise<void> {
    const f = this.flags;
    const intervalS = parseIntegerFlag('interval', f.interval, { min: 1, max: 3600 });
    if (!process.stdin.isTTY || !process.stdout.isTTY)
      throw new SessionError('INVALID_INPUT', 'session chat needs a terminal', {
        hint: 'in scripts use `session message receive --follow` and `session message send`',
      });
    const color = this.colorEnabled();
    // Ink's colour library reads the environment once, when it loads: tell it what we decided.
    if (color) process.env.FORCE_COLOR ??= '1';
    // Ink draws only a last frame when it thinks it runs in CI (CI or CONTINUOUS_INTEGRATION set,
    // read once when it loads): on a terminal (checked above) an interactive UI is wanted anyway.
    for (const k of ['CI', 'CONTINUOUS_INTEGRATION']) if (k in process.env) process.env[k] = 'false';
    // Ink and React load only here: no other command pays for them.
    const [
      { clientFromFlags },
      { dataDirFrom },
      { createLocalBackend },
      { findDaemon, openDaemonBackend },
      { runChat },
    ] = await Promise.all([
      import('../src/cli/client-flags.js'),
      import('../src/cli/context.js'),
      import('../src/ui/local-backend.js'),
      import('../src/ui/daemon-backend.js'),
      import('../src/ui/run.js'),
    ]);
    const dataDir = dataDirFrom(f['data-dir']);
    // The data directory's daemon, when it serves this profile: one poller for the account, so a
    // chat and a bot (the daemon's webhooks, another `receive --follow`) never compete.
    const noDaemon = f['no-daemon'] || /^(1|true|yes|on)$/i.test(process.env.SESSION_NO_DAEMON ?? '');
    const target = noDaemon
      ? undefined
      : await findDaemon({ dataDir, profile: f.profile, network: f.network });
    this.debugLog(
      target ? `chat through the daemon at ${target.socketPath}` : 'chat with an embedded client',
    );
    const backend = target
      ? await openDaemonBackend({ target, dataDir, readReceipts: f['read-receipts'] })
      : createLocalBackend({
          client: await clientFromFlags(f),
          network: f.network,
          intervalMs: intervalS * 1000,
          readReceipts: f['read-receipts'],
        });
    await runChat({ backend, color });
  }
}
