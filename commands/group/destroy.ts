import { Args } from '@oclif/core';
import { BaseCommand } from '../../src/cli/base-command.js';
import { secretFlags } from '../../src/cli/context.js';
import { checkGroupId } from '../../src/groups/control.js';

export default class GroupDestroy extends BaseCommand<typeof GroupDestroy> {
  static override summary = 'Destroy a group you administer: every member drops it.';
  static override examples = ['<%= config.bin %> group destroy 03…'];
  static override args = { group: Args.string({ description: 'Group ID (03…).', required: true }) };
  static override flags = { ...secretFlags };

  async run(): Promise<{ groupId: string; destroyed: true }> {
    const group = checkGroupId(this.args.group);
    const { clientFromFlags } = await import('../../src/cli/client-flags.js');
    const { destroyGroup } = await import('../../src/actions/group-manage.js');
    const client = await clientFromFlags(this.flags);
    try {
      const r = await destroyGroup(client, { group, signal: this.signal });
      this.log(`Destroyed ${r.groupId}`);
      return r;
    } finally {
      await client.close();
    }
  }
}
