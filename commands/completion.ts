import { Args } from '@oclif/core';
import { BaseCommand } from '../src/cli/base-command.js';
import { completionScript, type Shell } from '../src/cli/completion-script.js';

export default class Completion extends BaseCommand<typeof Completion> {
  static override summary = 'Print a shell completion script (bash, zsh or fish) for every command and flag.';
  static override description = `Load it in your shell's start-up file:
  bash:  eval "$(session completion bash)"        (~/.bashrc)
  zsh:   eval "$(session completion zsh)"         (~/.zshrc)
  fish:  session completion fish | source         (~/.config/fish/config.fish)
With --json the script is under result.script.`;
  static override examples = [
    '<%= config.bin %> completion bash >> ~/.bashrc',
    '<%= config.bin %> completion fish | source',
  ];
  static override args = {
    shell: Args.string({ description: 'Shell.', required: true, options: ['bash', 'zsh', 'fish'] }),
  };

  // eslint-disable-next-line @typescript-eslint/require-await -- oclif's run() is async
  async run(): Promise<{ shell: string; script: string }> {
    const commands = this.config.commands
      .filter((c) => !c.hidden)
      .map((c) => ({
        id: c.id,
        summary: c.summary ?? c.description?.split('\n')[0],
        flags: Object.values(c.flags)
          .filter((f) => !f.hidden)
          .map((f) => ({
            name: f.name,
            char: f.char,
            summary: f.summary ?? f.description,
            takesValue: f.type === 'option',
          })),
      }));
    const script = completionScript(this.args.shell as Shell, this.config.bin, commands);
    if (!this.jsonEnabled()) process.stdout.write(script);
    return { shell: this.args.shell, script };
  }
}
