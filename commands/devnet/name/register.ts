import { resolve } from 'node:path';
import { Args, Flags } from '@oclif/core';
import { BaseCommand } from '../../../src/cli/base-command.js';
import { control } from '../../../src/cli/devnet-control.js';
import { parseAccountId } from '../../../src/identity/ids.js';

export default class DevnetNameRegister extends BaseCommand<typeof DevnetNameRegister> {
  static override summary = 'Register an ONS name for an Account ID on a running local network.';
  static override examples = ['<%= config.bin %> devnet name register alice 05… --dir ./.devnet'];
  static override args = {
    name: Args.string({ description: 'The name (letters, digits, _ and inner -).', required: true }),
    accountId: Args.string({ description: 'The 05… Account ID it resolves to.', required: true }),
  };
  static override flags = { dir: Flags.string({ description: 'Directory of the network.', required: true }) };

  async run(): Promise<{ name: string; accountId: string; nameHash: string }> {
    const accountId = parseAccountId(this.args.accountId);
    const r = (await control(resolve(this.flags.dir), '/name/register', {
      name: this.args.name,
      accountId,
    })) as {
      name: string;
      nameHash: string;
    };
    this.log(`Registered ${r.name} -> ${accountId}`);
    return { name: r.name, accountId, nameHash: r.nameHash };
  }
}
