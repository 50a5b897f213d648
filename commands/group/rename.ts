import { Args } from '@oclif/core';
import { BaseCommand } from '../../src/cli/base-command.js';
import { secretFlags } from '../../src/cli/context.js';
import type { GroupSummary } from '../../src/actions/group-manage.js';
import { checkGroupId } from '../../src/groups/control.js';

export default class GroupRename extends BaseCommand<typeof GroupRename> {
  static override summary = 'Rename a group you administer (members see a "renamed" event).';
  static override examples = ['<%= config.bin %> group rename 03… "New name"'];
  static override args = {
    group: Args.string({ description: 'Group ID (03…).', required: true }),
    name: Args.string({ description: 'New name (up to 100 bytes).', required: true }),
  };
  static override flags = { ...secretFlags };

  async run(): Promise<GroupSummary> {
    const group = checkGroupId(this.args.group);
    const { clientFromFlags } = await import('../../src/cli/client-flags.js');
    const { renameGroup } = await import('../../src/actions/group-manage.js');
    const client = await clientFromFlags(this.flags);
    try {
      const r = await renameGroup(client, { group, name: this.args.name, signal: this.signal });
      this.log(`Renamed ${r.groupId} to ${r.name}`);
      return r;
    } finally {
      await client.close();
    }
  }
}
