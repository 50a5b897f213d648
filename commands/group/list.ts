import { BaseCommand } from '../../src/cli/base-command.js';
import { secretFlags } from '../../src/cli/context.js';
import type { GroupSummary } from '../../src/actions/group-manage.js';

export default class GroupList extends BaseCommand<typeof GroupList> {
  static override summary = 'List the groups of this profile (joined, invited, removed, destroyed).';
  static override examples = ['<%= config.bin %> group list --json'];
  static override flags = { ...secretFlags };

  async run(): Promise<{ groups: GroupSummary[] }> {
    const { clientFromFlags } = await import('../../src/cli/client-flags.js');
    const { listGroups } = await import('../../src/actions/group-manage.js');
    const client = await clientFromFlags(this.flags);
    try {
      const groups = await listGroups(client);
      for (const g of groups) this.log(`${g.groupId}  ${g.name}  ${g.state}${g.admin ? ' (admin)' : ''}`);
      if (groups.length === 0) this.log('No groups');
      return { groups };
    } finally {
      await client.close();
    }
  }
}
