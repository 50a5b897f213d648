import { Args } from '@oclif/core';
import { BaseCommand } from '../../src/cli/base-command.js';
import { secretFlags } from '../../src/cli/context.js';
import type { GroupSummary } from '../../src/actions/group-manage.js';
import { checkGroupId } from '../../src/groups/control.js';

export default class GroupDescribe extends BaseCommand<typeof GroupDescribe> {
  static override summary = "Set a group's description (admins; up to 600 bytes, empty to clear).";
  static override examples = ['<%= config.bin %> group describe 03… "What we talk about"'];
  static override args = {
    group: Args.string({ description: 'Group ID (03…).', required: true }),
    description: Args.string({ description: 'The description.', required: true }),
  };
  static override flags = { ...secretFlags };

  async run(): Promise<GroupSummary> {
    const group = checkGroupId(this.args.group);
    const { clientFromFlags } = await import('../../src/cli/client-flags.js');
    const { renameGroup } = await import('../../src/actions/group-manage.js');
    const client = await clientFromFlags(this.flags);
    try {
      const r = await renameGroup(client, { group, description: this.args.description, signal: this.signal });
      this.log(`Updated the description of ${r.name}`);
      return r;
    } finally {
      await client.close();
    }
  }
}
