import { Args } from '@oclif/core';
import { BaseCommand } from '../../src/cli/base-command.js';
import { secretFlags } from '../../src/cli/context.js';
import type { GroupSummary } from '../../src/actions/group-manage.js';
import { checkGroupId } from '../../src/groups/control.js';

export default class GroupInfo extends BaseCommand<typeof GroupInfo> {
  static override summary =
    'Show a group: name, your role, key generation, members with invite and promotion status.';
  static override description = 'Local state only (run `message receive` to fetch what changed).';
  static override examples = ['<%= config.bin %> group info 03… --json'];
  static override args = { group: Args.string({ description: 'Group ID (03…).', required: true }) };
  static override flags = { ...secretFlags };

  async run(): Promise<GroupSummary> {
    const group = checkGroupId(this.args.group);
    const { clientFromFlags } = await import('../../src/cli/client-flags.js');
    const { groupInfo } = await import('../../src/actions/group-manage.js');
    const client = await clientFromFlags(this.flags);
    try {
      const r = await groupInfo(client, group);
      this.log(
        `${r.name} (${r.groupId}) — ${r.state}${r.admin ? ', admin' : ''}, key generation ${r.generation}`,
      );
      if (r.avatar) this.log(`  picture ${r.avatar.url} (\`group avatar ${r.groupId} --output FILE\`)`);
      for (const m of r.members) this.log(`  ${m.sessionId}${m.name ? ` ${m.name}` : ''}  ${m.status}`);
      return r;
    } finally {
      await client.close();
    }
  }
}
