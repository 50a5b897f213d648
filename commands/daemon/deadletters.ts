import { Flags } from '@oclif/core';
import { BaseCommand } from '../../src/cli/base-command.js';
import { dataDirFrom } from '../../src/cli/context.js';
import type { DeadLetter } from '../../src/daemon/journal.js';

export default class DaemonDeadletters extends BaseCommand<typeof DaemonDeadletters> {
  static override summary = 'List events a webhook or --exec consumer could not take (after its retries).';
  static override description = `Read from the daemon's journal (daemon.db in the data directory); works whether or not the
daemon runs. \`daemon replay\` delivers them again.`;
  static override examples = ['<%= config.bin %> daemon deadletters --json'];
  static override flags = {
    consumer: Flags.string({ description: 'Only this consumer (e.g. webhook:URL).' }),
  };

  async run(): Promise<{ deadLetters: DeadLetter[] }> {
    const { Journal } = await import('../../src/daemon/journal.js');
    const { daemonDatabasePath } = await import('../../src/daemon/paths.js');
    const journal = await Journal.open(daemonDatabasePath(dataDirFrom(this.flags['data-dir'])));
    try {
      const list = journal.deadLetters(this.flags.consumer);
      if (list.length === 0) this.log('No dead letters.');
      for (const d of list)
        this.log(
          `${d.id}  ${d.consumer}  event ${d.seq}${d.event ? ` (${d.event.profile} ${d.event.type})` : ''}${d.unreadable !== undefined ? ' (cannot be read)' : ''}  ${d.attempts} attempts  ${d.state}  last error: ${d.lastError}`,
        );
      return { deadLetters: list };
    } finally {
      journal.close();
    }
  }
}
