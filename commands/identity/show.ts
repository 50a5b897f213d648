import { Flags } from '@oclif/core';
import { BaseCommand } from '../../src/cli/base-command.js';
import { dataDirFrom } from '../../src/cli/context.js';
import { ProfileDirectory } from '../../src/store/profiles.js';

export default class IdentityShow extends BaseCommand<typeof IdentityShow> {
  static override summary = 'Show the current identity: Account ID, Ed25519 key, profile.';
  static override description =
    'Needs no passphrase: only public data is shown. Exit 6 (NO_IDENTITY) if there is none.';
  static override examples = [
    '<%= config.bin %> identity show',
    '<%= config.bin %> identity show --qr',
    '<%= config.bin %> identity show --json | jq -r .result.accountId',
  ];
  static override flags = {
    qr: Flags.boolean({
      description:
        'Also draw the Account ID as a QR code (ANSI colours on a terminal, plain blocks otherwise).',
      default: false,
    }),
  };

  async run(): Promise<{
    accountId: string;
    ed25519PublicKey: string;
    profile: string;
    displayName: string | null;
  }> {
    const info = await new ProfileDirectory(dataDirFrom(this.flags['data-dir'])).resolve(this.flags.profile);
    this.log(`Profile:     ${info.name}`);
    this.log(`Account ID:  ${info.accountId}`);
    this.log(`Ed25519 key: ${info.ed25519PkHex}`);
    if (info.displayName) this.log(`Name:        ${info.displayName}`);
    if (this.flags.qr && !this.jsonEnabled()) {
      const { default: QRCode } = await import('qrcode');
      // ANSI colours only when they may be used (a terminal, no NO_COLOR / --color never);
      // otherwise plain Unicode blocks that survive pipes, files and logs.
      const qr = this.colorEnabled(process.stdout)
        ? await QRCode.toString(info.accountId, { type: 'terminal', small: true })
        : await QRCode.toString(info.accountId, { type: 'utf8' });
      this.log(qr);
    }
    return {
      accountId: info.accountId,
      ed25519PublicKey: info.ed25519PkHex,
      profile: info.name,
      displayName: info.displayName ?? null,
    };
  }
}
