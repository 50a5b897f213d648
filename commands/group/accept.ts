import { Args } from '@oclif/core';
import { BaseCommand } from '../../src/cli/base-command.js';
import { secretFlags } from '../../src/cli/context.js';
import { checkGroupId } from '../../src/groups/control.js';

export default class GroupAccept extends BaseCommand<typeof GroupAccept> {
  static override summary = 'Accept a group invite: join the group and tell its admins.';
  static override examples = ['<%= config.bin %> group accept 03…'];
  static override args = { group: Args.string({ description: 'Group ID (03…).', required: true }) };
  static override flags = { ...secretFlags };

  async run(): Promise<{ groupId: string; name: string; state: string; generation: number }> {
    const group = checkGroupId(this.args.group);
    const { clientFromFlags } = await import('../../src/cli/client-flags.js');
    const { acceptInvite } = await import('../../src/actions/group-messages.js');
    const client = await clientFromFlags(this.flags);
    try {
      const r = await acceptInvite(client, { group, signal: this.signal });
      this.log(`Joined ${r.name || r.groupId}`);
      return r;
    } finally {
      await client.close();
    }
  }
}
