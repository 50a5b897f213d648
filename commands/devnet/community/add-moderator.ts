import { resolve } from 'node:path';
import { Args, Flags } from '@oclif/core';
import { BaseCommand } from '../../../src/cli/base-command.js';
import { control } from '../../../src/cli/devnet-control.js';
import { SessionError } from '../../../src/errors.js';

export default class DevnetCommunityAddModerator extends BaseCommand<typeof DevnetCommunityAddModerator> {
  static override summary = "Make an account a moderator (or admin) on the local network's community server.";
  static override description = `ACCOUNT_ID is a 05 Account ID or a 15 blinded id. A 05 Account ID is matched
when its owner connects with their 15-blinded key, as on a real community server.`;
  static override examples = [
    '<%= config.bin %> devnet community add-moderator lobby 05… --admin --dir ./.devnet',
    '<%= config.bin %> devnet community add-moderator lobby 05… --global --hidden --dir ./.devnet',
  ];
  static override args = {
    token: Args.string({ description: 'Room token (ignored with --global).', required: true }),
    accountId: Args.string({ description: 'The 05 Account ID or 15 blinded id.', required: true }),
  };
  static override flags = {
    dir: Flags.string({ description: 'Directory of the network.', required: true }),
    admin: Flags.boolean({ description: 'Make them an admin (implies moderator).', default: false }),
    hidden: Flags.boolean({ description: 'Do not list them publicly in the room info.', default: false }),
    global: Flags.boolean({ description: 'Moderator of every room (server-wide).', default: false }),
  };

  async run(): Promise<{ room: string | null; accountId: string; admin: boolean; hidden: boolean }> {
    const accountId = this.args.accountId.toLowerCase();
    if (!/^[01]5[0-9a-f]{64}$/.test(accountId))
      throw new SessionError(
        'INVALID_ACCOUNT_ID',
        'expected a 05 Account ID or a 15 blinded id (66 hex digits)',
      );
    const room = this.flags.global ? null : this.args.token;
    await control(resolve(this.flags.dir), '/community/add-moderator', {
      token: this.args.token,
      accountId,
      admin: this.flags.admin,
      hidden: this.flags.hidden,
      global: this.flags.global,
    });
    const role = this.flags.admin ? 'admin' : 'moderator';
    this.log(`${accountId} is ${this.flags.hidden ? 'a hidden ' : ''}${role} of ${room ?? 'every room'}`);
    return { room, accountId, admin: this.flags.admin, hidden: this.flags.hidden };
  }
}
