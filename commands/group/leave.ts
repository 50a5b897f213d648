import { Args } from '@oclif/core';
import { BaseCommand } from '../../src/cli/base-command.js';
import { secretFlags } from '../../src/cli/context.js';
import { checkGroupId } from '../../src/groups/control.js';

export default class GroupLeave extends BaseCommand<typeof GroupLeave> {
  static override summary = 'Leave a group: tell its members, then forget it here (messages stay).';
  static override examples = ['<%= config.bin %> group leave 03…'];
  static override args = { group: Args.string({ description: 'Group ID (03…).', required: true }) };
  static override flags = { ...secretFlags };

  async run(): Promise<{ groupId: string; left: true }> {
    const group = checkGroupId(this.args.group);
    const { clientFromFlags } = await import('../../src/cli/client-flags.js');
    const { leaveGroup } = await import('../../src/actions/group-messages.js');
    const client = await clientFromFlags(this.flags);
    try {
      const r = await leaveGroup(client, { group, signal: this.signal });
      for (const w of r.warnings) this.note(w);
      this.log(`Left ${r.groupId}`);
      return { groupId: r.groupId, left: true };
    } finally {
      await client.close();
    }
  }
}
