import { BaseCommand } from '../../src/cli/base-command.js';
import { dataDirFrom } from '../../src/cli/context.js';
import { ProfileDirectory } from '../../src/store/profiles.js';

export default class IdentityList extends BaseCommand<typeof IdentityList> {
  static override summary = 'List the identities (profiles) in the data directory.';
  static override examples = ['<%= config.bin %> identity list', '<%= config.bin %> identity list --json'];

  async run(): Promise<{
    identities: { profile: string; accountId: string; current: boolean; secretBackend: string }[];
  }> {
    const dirs = new ProfileDirectory(dataDirFrom(this.flags['data-dir']));
    const current = await dirs.currentName();
    const identities = (await dirs.list()).map((p) => ({
      profile: p.name,
      accountId: p.accountId,
      current: p.name === current,
      secretBackend: p.secretBackend,
    }));
    if (identities.length === 0) this.log('No identities yet. Create one with `session identity create`.');
    else {
      const { default: Table } = await import('cli-table3');
      const table = new Table({
        head: ['', 'profile', 'Account ID', 'secret'],
        style: { head: [], border: [] },
      });
      for (const i of identities) table.push([i.current ? '*' : '', i.profile, i.accountId, i.secretBackend]);
      this.log(table.toString());
    }
    return { identities };
  }
}
