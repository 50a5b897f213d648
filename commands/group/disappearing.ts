import { Args, Flags } from '@oclif/core';
import { BaseCommand } from '../../src/cli/base-command.js';
import { secretFlags } from '../../src/cli/context.js';
import type { GroupSummary } from '../../src/actions/group-manage.js';
import { SessionError } from '../../src/errors.js';
import { checkGroupId } from '../../src/groups/control.js';

export default class GroupDisappearing extends BaseCommand<typeof GroupDisappearing> {
  static override summary = "Set a group's disappearing-message timer (admins; delete after send, or off).";
  static override description = `Kept in the group's Info config (\`E\`), so every member's later messages use it; members
are told with an admin-signed info change (groups-and-config.md §4.9). Groups have no
after-read timer.

Exit codes: 2 bad input (nothing sent), 3 unreachable, 4 not an admin of the group
(PERMISSION_DENIED) or refused, 6 no such group here.`;
  static override examples = [
    '<%= config.bin %> group disappearing 03… --mode after-send --seconds 86400',
    '<%= config.bin %> group disappearing 03… --mode off',
  ];
  static override args = { group: Args.string({ description: 'Group ID (03…).', required: true }) };
  static override flags = {
    ...secretFlags,
    mode: Flags.string({
      options: ['off', 'after-send'],
      required: true,
      description: 'When the timer starts.',
    }),
    // at most 30 days, what the network keeps a message (GROUP_DISAPPEARING_MAX_SECONDS)
    seconds: Flags.integer({
      description: 'Timer in seconds, up to 30 days (not with --mode off).',
      min: 1,
      max: 2_592_000,
    }),
  };

  async run(): Promise<GroupSummary> {
    const group = checkGroupId(this.args.group);
    if (this.flags.mode === 'off' && this.flags.seconds !== undefined)
      throw new SessionError('INVALID_INPUT', '--mode off takes no --seconds');
    if (this.flags.mode !== 'off' && this.flags.seconds === undefined)
      throw new SessionError('INVALID_INPUT', `--mode ${this.flags.mode} needs --seconds`);
    const seconds = this.flags.mode === 'off' ? 0 : this.flags.seconds!;
    const { clientFromFlags } = await import('../../src/cli/client-flags.js');
    const { setGroupDisappearing } = await import('../../src/actions/group-manage.js');
    const client = await clientFromFlags(this.flags);
    try {
      const r = await setGroupDisappearing(client, { group, seconds, signal: this.signal });
      this.log(
        r.disappearing
          ? `Messages in ${r.name} disappear ${r.disappearing.seconds}s after sending`
          : `Messages in ${r.name} no longer disappear`,
      );
      return r;
    } finally {
      await client.close();
    }
  }
}
