import { Flags } from '@oclif/core';
import { BaseCommand } from '../../src/cli/base-command.js';
import { dataDirFrom, passphraseSource, secretFlags } from '../../src/cli/context.js';
import { SessionError } from '../../src/errors.js';
import { openIdentity } from '../../src/identity/account.js';
import { encodeMnemonic } from '../../src/identity/mnemonic.js';

export default class IdentityExport extends BaseCommand<typeof IdentityExport> {
  static override summary = 'Print the Recovery Password of an identity (needs --yes).';
  static override description = `Anyone with the Recovery Password controls the account. Output goes to stdout only; the JSON
key is "recoveryPassword". Without --yes: exit 2 (CONFIRMATION_REQUIRED).`;
  static override examples = [
    '<%= config.bin %> identity export --yes',
    '<%= config.bin %> identity export --yes --json --passphrase-file ~/.session-pass | jq -r .result.recoveryPassword',
  ];
  static override flags = {
    yes: Flags.boolean({ description: 'Confirm that you want the secret printed.', default: false }),
    ...secretFlags,
  };

  async run(): Promise<{ accountId: string; recoveryPassword: string }> {
    if (!this.flags.yes) {
      throw new SessionError('CONFIRMATION_REQUIRED', 'exporting the Recovery Password needs --yes', {
        hint: 'the Recovery Password gives full control of the account; rerun with --yes',
      });
    }
    const { keys } = await openIdentity({
      dataDir: dataDirFrom(this.flags['data-dir']),
      profile: this.flags.profile,
      passphrase: passphraseSource({ file: this.flags['passphrase-file'] }),
    });
    const recoveryPassword = encodeMnemonic(keys.seed);
    this.log(recoveryPassword);
    return { accountId: keys.accountId, recoveryPassword };
  }
}
