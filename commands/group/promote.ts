import { Args } from '@oclif/core';
import { BaseCommand } from '../../src/cli/base-command.js';
import { secretFlags } from '../../src/cli/context.js';
import type { GroupSummary } from '../../src/actions/group-manage.js';
import { checkGroupId } from '../../src/groups/control.js';
import { parseAccountId } from '../../src/identity/ids.js';

export default class GroupPromote extends BaseCommand<typeof GroupPromote> {
  static override summary = 'Make a member an admin (they receive the group key).';
  static override examples = ['<%= config.bin %> group promote 03… 05…'];
  static override args = {
    group: Args.string({ description: 'Group ID (03…).', required: true }),
    member: Args.string({ description: 'Account ID of the member.', required: true }),
  };
  static override flags = { ...secretFlags };

  async run(): Promise<GroupSummary> {
    const group = checkGroupId(this.args.group);
    const member = parseAccountId(this.args.member);
    const { clientFromFlags } = await import('../../src/cli/client-flags.js');
    const { promoteMember } = await import('../../src/actions/group-manage.js');
    const client = await clientFromFlags(this.flags);
    try {
      const r = await promoteMember(client, {
        group,
        member,
        ...(client.info.displayName ? { displayName: client.info.displayName } : {}),
        signal: this.signal,
      });
      this.log(`Promoted ${member} in ${r.name}`);
      return r;
    } finally {
      await client.close();
    }
  }
}
