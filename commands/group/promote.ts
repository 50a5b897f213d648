import { Args } from '@oclif/core';
import { BaseCommand } from '../../src/cli/base-command.js';
import { secretFlags } from '../../src/cli/context.js';
import type { GroupSummary } from '../../src/actions/group-manage.js';
import { checkGroupId } from '../../src/groups/control.js';
import {
  checkAccountArg,
  describeAccountArg,
  namesField,
  resolveAccountArgsWithClient,
} from '../../src/cli/account-arg.js';

export default class GroupPromote extends BaseCommand<typeof GroupPromote> {
  static override summary = 'Make a member an admin (they receive the group key).';
  static override examples = ['<%= config.bin %> group promote 03… 05…'];
  static override args = {
    group: Args.string({ description: 'Group ID (03…).', required: true }),
    member: Args.string({ description: 'Account ID or Session name of the member.', required: true }),
  };
  static override flags = { ...secretFlags };

  async run(): Promise<GroupSummary & { names?: Record<string, string> }> {
    const group = checkGroupId(this.args.group);
    const arg = checkAccountArg(this.args.member); // ID or name: checked before any traffic
    const { clientFromFlags } = await import('../../src/cli/client-flags.js');
    const { promoteMember } = await import('../../src/actions/group-manage.js');
    const client = await clientFromFlags(this.flags);
    try {
      const resolved = await resolveAccountArgsWithClient([arg], client, this.signal);
      const member = resolved[0]!.accountId;
      const r = await promoteMember(client, {
        group,
        member,
        ...(client.info.displayName ? { displayName: client.info.displayName } : {}),
        signal: this.signal,
      });
      this.log(`Promoted ${describeAccountArg(resolved[0]!)} in ${r.name}`);
      return { ...r, ...namesField(resolved) };
    } finally {
      await client.close();
    }
  }
}
