import { Args, Flags } from '@oclif/core';
import { BaseCommand } from '../../src/cli/base-command.js';
import { withStore } from '../../src/cli/store-flags.js';
import { ownAvatar } from '../../src/actions/own-profile.js';
import { SessionError } from '../../src/errors.js';
import {
  checkAccountArg,
  describeAccountArg,
  namesField,
  resolveAccountArgOffline,
} from '../../src/cli/account-arg.js';

export default class ProfileAvatar extends BaseCommand<typeof ProfileAvatar> {
  static override summary = "Download and decrypt a contact's profile picture (or your own).";
  static override description =
    'The picture is the one their newest profile named (messages.md §5.7); it is decrypted with the key that came with it.';
  static override examples = [
    '<%= config.bin %> profile avatar 05d2ad…3a72 --output alice.png',
    '<%= config.bin %> profile avatar --output me.png',
  ];
  static override args = {
    account: Args.string({ description: 'Account ID or Session name of the contact (default: yourself).' }),
  };
  static override flags = {
    output: Flags.string({ char: 'o', description: 'Where to write the picture.', required: true }),
    force: Flags.boolean({ description: 'Replace the output file if it exists.', default: false }),
  };

  async run(): Promise<{
    account: string;
    names?: Record<string, string>;
    url: string;
    path: string;
    size: number;
    sha256: string;
  }> {
    // ID or name: checked before any traffic; a name is resolved before the store is read
    const arg = this.args.account === undefined ? undefined : checkAccountArg(this.args.account);
    const who = arg === undefined ? undefined : await resolveAccountArgOffline(arg, this.flags, this.signal);
    const { account, avatar } = await withStore(this.flags, (store, info) => {
      const id = who?.accountId ?? info.accountId;
      return { account: id, avatar: id === info.accountId ? ownAvatar(store) : store.avatarOf(id) };
    });
    if (!avatar)
      throw new SessionError('NOT_FOUND', `no profile picture known for ${account}`, {
        hint: 'pictures arrive with messages: receive first (`session message receive`)',
      });
    const { downloadAvatar } = await import('../../src/actions/avatar.js');
    const r = await downloadAvatar(avatar, this.flags.output, {
      network: this.flags.network,
      signal: this.signal,
      overwrite: this.flags.force,
    });
    this.log(
      `Saved the profile picture of ${who ? describeAccountArg(who) : account} to ${r.path} (${r.size} bytes)`,
    );
    return { account, ...(who ? namesField([who]) : {}), url: avatar.url, ...r };
  }
}
