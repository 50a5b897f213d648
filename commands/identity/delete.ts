import { Args, Flags } from '@oclif/core';
import { BaseCommand } from '../../src/cli/base-command.js';
import { dataDirFrom, passphraseSource, secretFlags } from '../../src/cli/context.js';
import { SessionError } from '../../src/errors.js';
import { deleteIdentity } from '../../src/identity/account.js';

export default class IdentityDelete extends BaseCommand<typeof IdentityDelete> {
  static override summary = 'Delete an identity, its secret and its local messages (needs --yes).';
  static override description = `This cannot be undone: without the Recovery Password the account is lost. Without --yes: exit 2.
A passphrase-protected identity is deleted only once its passphrase unlocks it (prompt,
--passphrase-file or SESSION_PASSPHRASE; wrong or none: exit 6, SECRET_STORE_LOCKED), or with
--force. Deleting the current identity leaves none current: choose one with \`identity use\`.`;
  static override examples = [
    '<%= config.bin %> identity delete alice --yes',
    '<%= config.bin %> identity delete alice --yes --passphrase-file ~/.session-pass',
    '<%= config.bin %> identity delete alice --yes --force   # passphrase forgotten',
  ];
  static override args = { name: Args.string({ description: 'Profile name.', required: true }) };
  static override flags = {
    yes: Flags.boolean({ description: 'Confirm the deletion.', default: false }),
    force: Flags.boolean({
      description: 'Delete without unlocking the keystore (the passphrase is forgotten).',
      default: false,
    }),
    ...secretFlags,
  };

  async run(): Promise<{ profile: string; accountId: string; deleted: true }> {
    if (!this.flags.yes) {
      throw new SessionError('CONFIRMATION_REQUIRED', `deleting "${this.args.name}" needs --yes`, {
        hint: 'export the Recovery Password first if you may need the account again',
      });
    }
    const info = await deleteIdentity({
      dataDir: dataDirFrom(this.flags['data-dir']),
      name: this.args.name,
      passphrase: passphraseSource({ file: this.flags['passphrase-file'] }),
      force: this.flags.force,
    });
    this.log(`Deleted identity "${info.name}" (${info.accountId})`);
    return { profile: info.name, accountId: info.accountId, deleted: true };
  }
}
