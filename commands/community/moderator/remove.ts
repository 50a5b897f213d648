import { Args, Flags } from '@oclif/core';
import { BaseCommand } from '../../../src/cli/base-command.js';
import { communityFlags } from '../../../src/cli/community-flags.js';

export default class CommunityModeratorRemove extends BaseCommand<typeof CommunityModeratorRemove> {
  static override summary = 'Take moderator and admin rights away in a community room or server (admins).';
  static override args = {
    id: Args.string({
      description: '15 blinded id, 05 Account ID or Session name.',
      required: true,
      ignoreStdin: true,
    }),
  };
  static override flags = {
    room: Flags.string({ description: 'Room token or URL (with --global: just names the server).' }),
    global: Flags.boolean({ description: 'Every room of the server (global admins only).', default: false }),
    ...communityFlags,
  };

  async run() {
    const { checkUserId, setModerator } = await import('../../../src/actions/community-mod.js');
    const { checkNameArg, namesField, resolveAccountArgsWithClient } =
      await import('../../../src/cli/account-arg.js');
    // a Session name (resolved to its 05 Account ID) or an ID: checked before any traffic
    const named = checkNameArg(this.args.id);
    if (!named) checkUserId(this.args.id);
    const { clientFromFlags } = await import('../../../src/cli/client-flags.js');
    const client = await clientFromFlags(this.flags);
    try {
      const who = named && (await resolveAccountArgsWithClient([named], client, this.signal))[0]!;
      const r = await setModerator(client, who?.accountId ?? this.args.id, {
        add: false,
        room: this.flags.room,
        global: this.flags.global,
        direct: this.flags.direct,
        signal: this.signal,
      });
      this.log(`${r.user} is no longer a moderator of ${r.scope}`);
      return who ? { ...r, ...namesField([who]) } : r;
    } finally {
      await client.close();
    }
  }
}
