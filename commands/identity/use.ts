import { Args } from '@oclif/core';
import { BaseCommand } from '../../src/cli/base-command.js';
import { dataDirFrom } from '../../src/cli/context.js';
import { ProfileDirectory } from '../../src/store/profiles.js';

export default class IdentityUse extends BaseCommand<typeof IdentityUse> {
  static override summary = 'Make an identity the current one.';
  static override examples = ['<%= config.bin %> identity use alice'];
  static override args = { name: Args.string({ description: 'Profile name.', required: true }) };

  async run(): Promise<{ profile: string; accountId: string }> {
    const dirs = new ProfileDirectory(dataDirFrom(this.flags['data-dir']));
    const info = await dirs.get(this.args.name);
    await dirs.setCurrent(info.name);
    this.log(`Now using "${info.name}" (${info.accountId})`);
    return { profile: info.name, accountId: info.accountId };
  }
}
