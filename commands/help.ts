import { Args } from '@oclif/core';
import { BaseCommand } from '../src/cli/base-command.js';
import { commandTable, showHelp } from '../src/cli/main.js';
import { resolveHelpSubject } from '../src/cli/resolve.js';

export default class Help extends BaseCommand<typeof Help> {
  static override summary = 'Show help for session-cli, a topic or a command.';
  static override description =
    'Same as `-h` / `--help` on any command. An unknown command exits 2 (UNKNOWN_COMMAND) with a suggestion.';
  static override examples = ['<%= config.bin %> help', '<%= config.bin %> help message send'];
  static override strict = false;
  static override args = {
    command: Args.string({ description: 'Topic and command words, e.g. `message send`.', required: false }),
  };

  async run(): Promise<void> {
    const words = this.argv.filter((a) => !a.startsWith('-'));
    const subject = resolveHelpSubject(words, commandTable(this.config));
    await showHelp(this.config, subject);
  }
}
