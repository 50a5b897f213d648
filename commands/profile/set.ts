import { Flags } from '@oclif/core';
import { BaseCommand } from '../../src/cli/base-command.js';
import { dataDirFrom } from '../../src/cli/context.js';
import { withStore } from '../../src/cli/store-flags.js';
import { profileChanged } from '../../src/actions/own-profile.js';
import { SessionError } from '../../src/errors.js';
import { ProfileDirectory } from '../../src/store/profiles.js';

export default class ProfileSet extends BaseCommand<typeof ProfileSet> {
  static override summary = 'Set your display name (it travels inside the messages you send).';
  static override description =
    'The name travels with the time it was set (lastProfileUpdateSeconds), so receivers keep the newest.';
  static override examples = ['<%= config.bin %> profile set --name "Build Bot"'];
  static override flags = {
    name: Flags.string({ description: 'Display name (1-100 characters).', required: true }),
  };

  async run(): Promise<{
    profile: string;
    accountId: string;
    displayName: string;
    lastProfileUpdateSeconds: number;
  }> {
    const name = this.flags.name.trim();
    if (name.length === 0 || [...name].length > 100)
      throw new SessionError('INVALID_INPUT', 'the display name must be 1-100 characters');
    const dirs = new ProfileDirectory(dataDirFrom(this.flags['data-dir']));
    const info = await dirs.resolve(this.flags.profile);
    await dirs.writeInfo({ ...info, displayName: name });
    const lastProfileUpdateSeconds = await withStore(this.flags, (store) =>
      profileChanged(store, Date.now()),
    );
    this.log(`Display name of "${info.name}" is now "${name}"`);
    return { profile: info.name, accountId: info.accountId, displayName: name, lastProfileUpdateSeconds };
  }
}
