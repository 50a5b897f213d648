import { Flags } from '@oclif/core';
import { BaseCommand } from '../../src/cli/base-command.js';
import { dataDirFrom } from '../../src/cli/context.js';
import { parseIntegerFlag } from '../../src/cli/message-input.js';
import { SessionError } from '../../src/errors.js';

export default class DaemonReplay extends BaseCommand<typeof DaemonReplay> {
  static override summary = 'Deliver dead letters again (the given ids, or --all).';
  static override description = `Marks them for delivery; the running daemon's consumer delivers them before new events
(within a second), or the next daemon does. One that fails again is parked again.`;
  static override examples = [
    '<%= config.bin %> daemon replay --id 3 --id 4',
    '<%= config.bin %> daemon replay --all',
  ];
  static override flags = {
    id: Flags.string({
      description: 'Dead-letter id (repeatable; see `daemon deadletters`).',
      multiple: true,
    }),
    all: Flags.boolean({ description: 'Every dead letter.', default: false }),
  };

  async run(): Promise<{ replaying: number }> {
    const ids = (this.flags.id ?? []).map((a) =>
      parseIntegerFlag('id', a, { min: 1, max: Number.MAX_SAFE_INTEGER }),
    );
    if (ids.length === 0 && !this.flags.all)
      throw new SessionError('INVALID_INPUT', 'give dead-letter ids or --all');
    if (ids.length > 0 && this.flags.all)
      throw new SessionError('INVALID_INPUT', 'ids and --all exclude each other');
    const { Journal } = await import('../../src/daemon/journal.js');
    const { daemonDatabasePath } = await import('../../src/daemon/paths.js');
    const journal = await Journal.open(daemonDatabasePath(dataDirFrom(this.flags['data-dir'])));
    try {
      const n = journal.requestReplay(this.flags.all ? undefined : ids);
      this.log(`${n} dead letter(s) will be delivered again.`);
      return { replaying: n };
    } finally {
      journal.close();
    }
  }
}
