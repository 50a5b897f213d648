import { Args } from '@oclif/core';
import { BaseCommand } from '../../src/cli/base-command.js';
import { configFilePath, isConfigKey, parseConfigValue, type ConfigKey } from '../../src/cli/config-file.js';
import { effectiveSettings, type EffectiveSetting } from '../../src/cli/effective-settings.js';

export default class ConfigGet extends BaseCommand<typeof ConfigGet> {
  static override summary = 'Show one setting: its value in the config file and the value in effect.';
  static override description = `The value in effect follows flag > environment variable > config file > default; "source"
says which one won for this invocation. Unknown keys exit 2 (INVALID_INPUT).`;
  static override examples = [
    '<%= config.bin %> config get profile',
    '<%= config.bin %> config get json --json',
  ];
  static override args = {
    key: Args.string({ description: 'Setting name (see `config list`).', required: true }),
  };

  // eslint-disable-next-line @typescript-eslint/require-await -- oclif's run() is async
  async run(): Promise<{ key: ConfigKey; file: unknown } & EffectiveSetting> {
    const key = this.args.key;
    if (!isConfigKey(key)) parseConfigValue(key, undefined); // throws INVALID_INPUT naming the key
    const k = key as ConfigKey;
    const effective = effectiveSettings(this.argv, process.env, this.cliConfig)[k];
    const file = this.cliConfig[k] ?? null;
    this.log(`${k} = ${String(effective.value ?? '')}   (${effective.source}; file: ${configFilePath()})`);
    return { key: k, file, ...effective };
  }
}
