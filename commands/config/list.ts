import { BaseCommand } from '../../src/cli/base-command.js';
import { CONFIG_KEYS, configFilePath, type ConfigKey } from '../../src/cli/config-file.js';
import { effectiveSettings, type EffectiveSetting } from '../../src/cli/effective-settings.js';

export default class ConfigList extends BaseCommand<typeof ConfigList> {
  static override summary = 'List every setting: the config file value and the value in effect.';
  static override examples = ['<%= config.bin %> config list', '<%= config.bin %> config list --json'];

  // eslint-disable-next-line @typescript-eslint/require-await -- oclif's run() is async
  async run(): Promise<{
    path: string;
    file: Record<string, unknown>;
    settings: Record<ConfigKey, EffectiveSetting & { description: string }>;
  }> {
    const effective = effectiveSettings(this.argv, process.env, this.cliConfig);
    const settings = {} as Record<ConfigKey, EffectiveSetting & { description: string }>;
    for (const key of Object.keys(CONFIG_KEYS) as ConfigKey[]) {
      settings[key] = { ...effective[key], description: CONFIG_KEYS[key].description };
      this.log(`${key.padEnd(9)} ${String(effective[key].value ?? '-').padEnd(30)} ${effective[key].source}`);
    }
    const path = configFilePath();
    this.log(`(file: ${path})`);
    return { path, file: { ...this.cliConfig }, settings };
  }
}
