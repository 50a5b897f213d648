import { Args, Flags } from '@oclif/core';
import { BaseCommand } from '../../src/cli/base-command.js';
import { configPushFlags, pushConfigChanges } from '../../src/cli/config-push.js';
import { withStore } from '../../src/cli/store-flags.js';
import { SessionError } from '../../src/errors.js';
import {
  checkAccountArg,
  describeAccountArg,
  namesField,
  resolveAccountArgOffline,
} from '../../src/cli/account-arg.js';
import type { DisappearingSetting } from '../../src/actions/contacts.js';

export default class ContactDisappearing extends BaseCommand<typeof ContactDisappearing> {
  static override summary = "Set a conversation's disappearing-message timer (off, after-send, after-read).";
  static override description = `Kept in your Contacts config (\`e\`/\`E\`; for your own Account ID, Note to Self, UserProfile \`e\`), so
your other devices use the same setting (messages.md §6).`;
  static override examples = [
    '<%= config.bin %> contact disappearing 05… --mode after-read --seconds 3600',
    '<%= config.bin %> contact disappearing 05… --mode off',
  ];
  static override args = {
    accountId: Args.string({ description: 'Account ID or Session name.', required: true }),
  };
  static override flags = {
    ...configPushFlags,
    mode: Flags.string({
      options: ['off', 'after-send', 'after-read'],
      required: true,
      description: 'When the timer starts.',
    }),
    seconds: Flags.integer({ description: 'Timer in seconds (not with --mode off).', min: 1 }),
  };

  async run(): Promise<{
    accountId: string;
    names?: Record<string, string>;
    disappearing: DisappearingSetting;
    pushed: boolean;
  }> {
    const arg = checkAccountArg(this.args.accountId); // ID or name: checked before any traffic
    const mode = this.flags.mode === 'off' ? 'none' : (this.flags.mode as 'after-send' | 'after-read');
    if (mode !== 'none' && this.flags.seconds === undefined)
      throw new SessionError('INVALID_INPUT', `--mode ${this.flags.mode} needs --seconds`);
    const who = await resolveAccountArgOffline(arg, this.flags, this.signal);
    const id = who.accountId;
    const { setDisappearing } = await import('../../src/actions/contacts.js');
    const setting = await withStore(this.flags, (s, info) =>
      setDisappearing(s, info.accountId, id, { mode, seconds: this.flags.seconds ?? 0 }, Date.now()),
    );
    this.log(
      setting.mode === 'none'
        ? `Messages with ${describeAccountArg(who)} no longer disappear`
        : `Messages with ${describeAccountArg(who)} disappear ${setting.seconds}s ${setting.mode === 'after-send' ? 'after sending' : 'after reading'}`,
    );
    const p = await pushConfigChanges(this.flags, this.signal);
    if (p.warning) this.note(p.warning);
    return { accountId: id, ...namesField([who]), disappearing: setting, pushed: p.pushed };
  }
}
