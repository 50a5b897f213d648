import { BaseCommand } from '../src/cli/base-command.js';

export default class Version extends BaseCommand<typeof Version> {
  static override summary = 'Print the version of session-cli, Node.js, the platform and architecture.';
  static override description = 'Also `session --version`. With --json: {version, node, platform, arch}.';
  static override examples = [
    '<%= config.bin %> version',
    '<%= config.bin %> version --json | jq -r .result.version',
  ];

  // eslint-disable-next-line @typescript-eslint/require-await -- oclif's run() is async
  async run(): Promise<{ name: string; version: string; node: string; platform: string; arch: string }> {
    const result = {
      name: this.config.name,
      version: this.config.version,
      node: process.versions.node,
      platform: process.platform,
      arch: process.arch,
    };
    this.log(`session-cli ${result.version} (node ${result.node}, ${result.platform}-${result.arch})`);
    return result;
  }
}
