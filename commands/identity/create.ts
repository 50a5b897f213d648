import { BaseCommand } from '../../src/cli/base-command.js';
import { backendChoice, dataDirFrom, newIdentityFlags, passphraseSource } from '../../src/cli/context.js';
import { createIdentity } from '../../src/identity/account.js';

export default class IdentityCreate extends BaseCommand<typeof IdentityCreate> {
  static override summary = 'Create a new Session identity (Account ID + Recovery Password).';
  static override description = `Creates a fresh account: 16 random bytes become your Recovery Password (13 words) and your
Account ID (05…). On a terminal the Recovery Password is shown once: write it down. With --json it
is NOT included; use \`session identity export --yes\` deliberately if you need it later.

The seed is kept in the OS keychain when one answers, otherwise in a keystore file encrypted with a
passphrase (prompt, --passphrase-file or SESSION_PASSPHRASE). --no-passphrase stores it unencrypted
(mode 0600), for unattended hosts.

Exit codes: 0 ok, 2 invalid name or identity exists, 6 no passphrase available.`;
  static override examples = [
    '<%= config.bin %> identity create --name alice',
    '<%= config.bin %> identity create --name bot --passphrase-file ~/.session-pass --json',
    '<%= config.bin %> identity create --name ci-bot --no-passphrase --json',
  ];
  static override flags = {
    ...newIdentityFlags,
  };

  async run(): Promise<{ accountId: string; profile: string; secretBackend: string; current: boolean }> {
    const f = this.flags;
    const result = await createIdentity({
      dataDir: dataDirFrom(f['data-dir']),
      name: f.name,
      ...(f['display-name'] === undefined ? {} : { displayName: f['display-name'] }),
      backend: backendChoice(f['no-passphrase']),
      passphrase: passphraseSource({ file: f['passphrase-file'], confirm: true }),
    });
    if (result.info.secretBackend === 'plaintext') {
      this.note(
        'the seed is stored WITHOUT a passphrase (0600 file); anyone who can read it owns this account',
      );
    }
    if (!this.jsonEnabled()) {
      this.log(`Created identity "${result.info.name}"`);
      this.log(`Account ID: ${result.keys.accountId}`);
      if (process.stdout.isTTY) {
        this.log('');
        this.log('Recovery Password (write it down and keep it secret; it is shown only once):');
        this.log(`  ${result.recoveryPassword}`);
      } else {
        this.log(
          'Recovery Password not printed (stdout is not a terminal); use `session identity export --yes`.',
        );
      }
    }
    return {
      accountId: result.keys.accountId,
      profile: result.info.name,
      secretBackend: result.info.secretBackend,
      current: result.current,
    };
  }
}
