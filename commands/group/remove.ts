import { Args, Flags } from '@oclif/core';
import { BaseCommand } from '../../src/cli/base-command.js';
import { secretFlags } from '../../src/cli/context.js';
import type { GroupSummary } from '../../src/actions/group-manage.js';
import { checkGroupId } from '../../src/groups/control.js';
import { checkAccountArgs, namesField, resolveAccountArgsWithClient } from '../../src/cli/account-arg.js';
import { SessionError } from '../../src/errors.js';

export default class GroupRemove extends BaseCommand<typeof GroupRemove> {
  static override summary = 'Remove members from a group you administer.';
  static override description = `Revokes their access to the group's swarm, tells them (namespace -11), and gives the
remaining members a new key generation they cannot read (groups-and-config.md §4.9).`;
  static override examples = ['<%= config.bin %> group remove 03… 05…'];
  static override strict = false;
  static override args = {
    group: Args.string({ description: 'Group ID (03…).', required: true }),
    members: Args.string({
      description: 'Account IDs or Session names to remove (one or more).',
      required: true,
    }),
  };
  static override flags = {
    ...secretFlags,
    'delete-messages': Flags.boolean({
      description: 'Also mark their messages for deletion.',
      default: false,
    }),
  };

  async run(): Promise<GroupSummary & { removed: string[]; names?: Record<string, string> }> {
    const group = checkGroupId(this.args.group);
    // Not strict: every positional word after GROUP is a member (oclif's parse gives them all in argv).
    const { argv } = await this.parse(GroupRemove);
    // IDs or names: all checked before any traffic
    const checked = checkAccountArgs(argv.slice(1).map(String));
    if (checked.length === 0) throw new SessionError('INVALID_INPUT', 'name at least one member to remove');
    const { clientFromFlags } = await import('../../src/cli/client-flags.js');
    const { removeMembers } = await import('../../src/actions/group-manage.js');
    const client = await clientFromFlags(this.flags);
    try {
      const resolved = await resolveAccountArgsWithClient(checked, client, this.signal);
      const members = resolved.map((m) => m.accountId as string);
      const r = await removeMembers(client, {
        group,
        members,
        deleteMessages: this.flags['delete-messages'],
        signal: this.signal,
      });
      this.log(`Removed ${r.removed.length} member(s) from ${r.name}; key generation ${r.generation}`);
      return { ...r, ...namesField(resolved) };
    } finally {
      await client.close();
    }
  }
}
