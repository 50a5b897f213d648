import { Args } from '@oclif/core';
import { BaseCommand } from '../../src/cli/base-command.js';
import { secretFlags } from '../../src/cli/context.js';
import type { GroupSummary } from '../../src/actions/group-manage.js';
import { checkAccountArgs, namesField, resolveAccountArgsWithClient } from '../../src/cli/account-arg.js';

export default class GroupCreate extends BaseCommand<typeof GroupCreate> {
  static override summary = 'Create a closed group (03…) and invite its first members.';
  static override description = `Generates the group key (you are its admin), stores the group's Keys, Info and Members in its
swarm and sends each member an invite (groups-and-config.md §4.9). Members are Account IDs.`;
  static override examples = ['<%= config.bin %> group create "Team" 05… 05…'];
  static override strict = false;
  static override args = {
    name: Args.string({ description: 'Group name (up to 100 bytes).', required: true }),
    members: Args.string({
      description: 'Account IDs or Session names of the members to invite (any number).',
    }),
  };
  static override flags = { ...secretFlags };

  async run(): Promise<
    GroupSummary & {
      invited: string[];
      inviteFailed: { member: string; code: string }[];
      names?: Record<string, string>;
    }
  > {
    // Not strict: every positional word after NAME is a member (oclif's parse gives them all in argv).
    const { argv } = await this.parse(GroupCreate);
    const checked = checkAccountArgs(argv.slice(1).map(String)); // IDs or names: checked before any traffic
    const { clientFromFlags } = await import('../../src/cli/client-flags.js');
    const { createGroup } = await import('../../src/actions/group-manage.js');
    const client = await clientFromFlags(this.flags);
    try {
      const resolved = await resolveAccountArgsWithClient(checked, client, this.signal);
      const members = resolved.map((m) => m.accountId as string);
      const r = await createGroup(client, {
        name: this.args.name,
        members,
        ...(client.info.displayName ? { displayName: client.info.displayName } : {}),
        signal: this.signal,
      });
      this.log(`Created group ${r.name} (${r.groupId}); invited ${r.invited.length} member(s)`);
      for (const f of r.inviteFailed) this.note(`the invite to ${f.member} failed (${f.code})`);
      return { ...r, ...namesField(resolved) };
    } finally {
      await client.close();
    }
  }
}
