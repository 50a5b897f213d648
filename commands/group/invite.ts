import { Args, Flags } from '@oclif/core';
import { BaseCommand } from '../../src/cli/base-command.js';
import { secretFlags } from '../../src/cli/context.js';
import type { GroupSummary } from '../../src/actions/group-manage.js';
import { checkGroupId } from '../../src/groups/control.js';
import { checkAccountArgs, namesField, resolveAccountArgsWithClient } from '../../src/cli/account-arg.js';
import { SessionError } from '../../src/errors.js';

export default class GroupInvite extends BaseCommand<typeof GroupInvite> {
  static override summary = 'Invite members to a group you administer.';
  static override description = `Adds them to Members, gives everyone a new key generation and sends each an invite. With
--share-history they also get the existing keys, so they can read older messages; without it they
cannot (groups-and-config.md §4.4.2, §4.9).`;
  static override examples = ['<%= config.bin %> group invite 03… 05… --share-history'];
  static override strict = false;
  static override args = {
    group: Args.string({ description: 'Group ID (03…).', required: true }),
    members: Args.string({
      description: 'Account IDs or Session names to invite (one or more).',
      required: true,
    }),
  };
  static override flags = {
    ...secretFlags,
    'share-history': Flags.boolean({
      description: 'Let them read the messages sent before they joined.',
      default: false,
    }),
  };

  async run(): Promise<
    GroupSummary & {
      invited: string[];
      inviteFailed: { member: string; code: string }[];
      names?: Record<string, string>;
    }
  > {
    const group = checkGroupId(this.args.group);
    // Not strict: every positional word after GROUP is a member (oclif's parse gives them all in argv).
    const { argv } = await this.parse(GroupInvite);
    // IDs or names: all checked before any traffic
    const checked = checkAccountArgs(argv.slice(1).map(String));
    if (checked.length === 0) throw new SessionError('INVALID_INPUT', 'name at least one member to invite');
    const { clientFromFlags } = await import('../../src/cli/client-flags.js');
    const { inviteMembers } = await import('../../src/actions/group-manage.js');
    const client = await clientFromFlags(this.flags);
    try {
      const resolved = await resolveAccountArgsWithClient(checked, client, this.signal);
      const members = resolved.map((m) => m.accountId as string);
      const r = await inviteMembers(client, {
        group,
        members,
        shareHistory: this.flags['share-history'],
        ...(client.info.displayName ? { displayName: client.info.displayName } : {}),
        signal: this.signal,
      });
      this.log(`Invited ${r.invited.length} member(s) to ${r.name}`);
      for (const f of r.inviteFailed) this.note(`the invite to ${f.member} failed (${f.code})`);
      return { ...r, ...namesField(resolved) };
    } finally {
      await client.close();
    }
  }
}
