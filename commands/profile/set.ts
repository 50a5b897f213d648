import { Flags } from '@oclif/core';
import { BaseCommand } from '../../src/cli/base-command.js';
import { dataDirFrom } from '../../src/cli/context.js';
import { SessionError } from '../../src/errors.js';
import { ProfileDirectory } from '../../src/store/profiles.js';

export default class ProfileSet extends BaseCommand<typeof ProfileSet> {
  static override summary = 'Set your display name (it travels inside the messages you send).';
  static override examples = ['<%= config.bin %> profile set --name "Build Bot"'];
  static override flags = {
    name: Flags.string({ description: 'Display name (1-100 characters).', required: true }),
  };

  async run(): Promise<{ profile: string; accountId: string; displayName: string }> {
    const name = this.flags.name.trim();
    if (name.length === 0 || [...name].length > 100)
      throw new SessionError('INVALID_INPUT', 'the display name must be 1-100 characters');
    const dirs = new ProfileDirectory(dataDirFrom(this.flags['data-dir']));
    const info = await dirs.resolve(this.flags.profile);
    await dirs.writeInfo({ ...info, displayName: name });
    this.log(`Display name of "${info.name}" is now "${name}"`);
    return { profile: info.name, accountId: info.accountId, displayName: name };
  }
}
