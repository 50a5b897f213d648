import { Args, Flags } from '@oclif/core';
import { BaseCommand } from '../../src/cli/base-command.js';
import { secretFlags } from '../../src/cli/context.js';
import type { GroupAvatarSet } from '../../src/actions/group-avatar.js';
import type { DownloadedAvatar } from '../../src/actions/avatar.js';
import { checkGroupId } from '../../src/groups/control.js';
import { SessionError } from '../../src/errors.js';

export default class GroupAvatar extends BaseCommand<typeof GroupAvatar> {
  static override summary = "Set or remove a group's picture (admins), or download it (any member).";
  static override description = `With PATH, the picture is encrypted (messages.md §5.7), uploaded to the file server and named
in the group's Info config with its key; --remove takes it out of Info. Both are for admins.
--output downloads and decrypts the picture Info names (local state: run \`message receive\` first).`;
  static override examples = [
    '<%= config.bin %> group avatar 03… ./team.png',
    '<%= config.bin %> group avatar 03… --remove',
    '<%= config.bin %> group avatar 03… --output team.png',
  ];
  static override args = {
    group: Args.string({ description: 'Group ID (03…).', required: true }),
    path: Args.string({ description: 'A picture file to use as the group picture.' }),
  };
  static override flags = {
    remove: Flags.boolean({
      description: 'Remove the group picture.',
      default: false,
      exclusive: ['output'],
    }),
    output: Flags.string({ char: 'o', description: 'Download the group picture to this file.' }),
    force: Flags.boolean({ description: 'Replace the output file if it exists.', default: false }),
    ...secretFlags,
  };

  async run(): Promise<GroupAvatarSet | (DownloadedAvatar & { groupId: string; url: string })> {
    const group = checkGroupId(this.args.group);
    const { path } = this.args;
    const { remove, output } = this.flags;
    if ([path !== undefined, remove, output !== undefined].filter(Boolean).length !== 1)
      throw new SessionError('INVALID_INPUT', 'give exactly one of PATH, --remove or --output', {
        hint: 'set: `group avatar GROUP PATH`; remove: `--remove`; download: `--output FILE`',
      });
    const { clientFromFlags, verboseLogger } = await import('../../src/cli/client-flags.js');
    const { setGroupAvatar, downloadGroupAvatar } = await import('../../src/actions/group-avatar.js');
    const client = await clientFromFlags(this.flags);
    const net = {
      network: this.flags.network,
      signal: this.signal,
      ...(this.flags.verbose ? { logger: verboseLogger() } : {}),
    };
    try {
      if (output !== undefined) {
        const r = await downloadGroupAvatar(client, { group, output, overwrite: this.flags.force, ...net });
        this.log(`Saved the picture of group ${r.groupId} to ${r.path} (${r.size} bytes)`);
        return r;
      }
      const r = await setGroupAvatar(client, { group, path, ...net });
      if (path !== undefined) this.log(`The picture of ${r.name} is now ${r.avatar?.url ?? ''}`);
      else this.log(r.changed ? `Removed the picture of ${r.name}` : `${r.name} had no picture`);
      return r;
    } finally {
      await client.close();
    }
  }
}
