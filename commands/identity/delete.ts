import { Args, Flags } from '@oclif/core';
import { BaseCommand } from '../../src/cli/base-command.js';
import { dataDirFrom, passphraseSource } from '../../src/cli/context.js';
import { SessionError } from '../../src/errors.js';
import { deleteIdentity } from '../../src/identity/account.js';

export default class IdentityDelete extends BaseCommand<typeof IdentityDelete> {
  static override summary = 'Delete an identity, its secret and its local messages (needs --yes).';
  static override description =
    'This cannot be undone: without the Recovery Password the account is lost. Without --yes: exit 2.';
  static override examples = ['<%= config.bin %> identity delete alice --yes'];
  static override args = { name: Args.string({ description: 'Profile name.', required: true }) };
  static override flags = { yes: Flags.boolean({ description: 'Confirm the deletion.', default: false }) };

  async run(): Promise<{ profile: string; accountId: string; deleted: true }> {
    if (!this.flags.yes) {
      throw new SessionError('CONFIRMATION_REQUIRED', `deleting "${this.args.name}" needs --yes`, {
        hint: 'export the Recovery Password first if you may need the account again',
      });
    }
    const info = await deleteIdentity({
      dataDir: dataDirFrom(this.flags['data-dir']),
      name: this.args.name,
      passphrase: passphraseSource({}),
    });
    this.log(`Deleted identity "${info.name}" (${info.accountId})`);
    return { profile: info.name, accountId: info.accountId, deleted: true };
  }
}
