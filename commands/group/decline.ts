import { Args } from '@oclif/core';
import { BaseCommand } from '../../src/cli/base-command.js';
import { secretFlags } from '../../src/cli/context.js';
import { checkGroupId } from '../../src/groups/control.js';

export default class GroupDecline extends BaseCommand<typeof GroupDecline> {
  static override summary =
    'Decline a group invite (forgotten here and on your other devices; nothing is sent to the group).';
  static override examples = ['<%= config.bin %> group decline 03…'];
  static override args = { group: Args.string({ description: 'Group ID (03…).', required: true }) };
  static override flags = { ...secretFlags };

  async run(): Promise<{ groupId: string; declined: true; warnings: string[] }> {
    const group = checkGroupId(this.args.group);
    const { clientFromFlags } = await import('../../src/cli/client-flags.js');
    const { declineInvite } = await import('../../src/actions/group-messages.js');
    const client = await clientFromFlags(this.flags);
    try {
      const r = await declineInvite(client, { group, signal: this.signal });
      this.log(`Declined ${r.groupId}`);
      for (const w of r.warnings) this.note(w);
      return r;
    } finally {
      await client.close();
    }
  }
}
