import { Args, Flags } from '@oclif/core';
import { BaseCommand } from '../../src/cli/base-command.js';
import {
  configFilePath,
  parseConfigValue,
  readConfigFile,
  writeConfigFile,
  type ConfigKey,
} from '../../src/cli/config-file.js';

export default class ConfigSet extends BaseCommand<typeof ConfigSet> {
  static override summary = 'Set (or with --unset remove) one setting in the config file.';
  static override description = `Keys: profile, network (mainnet or an absolute devnet.json path), data-dir (absolute path),
json, quiet, verbose (true/false), color (auto/always/never). The file is
$XDG_CONFIG_HOME/session-cli/config.json (mode 0600). Unknown keys and bad values exit 2
(INVALID_INPUT) naming the key; the file is not changed.`;
  static override examples = [
    '<%= config.bin %> config set profile alice',
    '<%= config.bin %> config set network ~/.devnet/devnet.json',
    '<%= config.bin %> config set json true',
    '<%= config.bin %> config set color --unset',
  ];
  static override args = {
    key: Args.string({ description: 'Setting name.', required: true }),
    value: Args.string({ description: 'New value (omit with --unset).', required: false }),
  };
  static override flags = {
    unset: Flags.boolean({ description: 'Remove the key from the file.', default: false }),
  };

  // eslint-disable-next-line @typescript-eslint/require-await -- oclif's run() is async
  async run(): Promise<{ key: string; value: unknown; path: string }> {
    const { key, value } = this.args;
    const path = configFilePath();
    const cfg = readConfigFile(path) as Record<string, unknown>;
    if (this.flags.unset) {
      parseConfigValue(key, cfg[key] ?? defaultProbe(key)); // names an unknown key
      delete cfg[key];
      writeConfigFile(cfg, path);
      this.log(`Removed ${key} from ${path}`);
      return { key, value: null, path };
    }
    if (value === undefined) parseConfigValue(key, undefined);
    const parsed = parseConfigValue(key, value);
    cfg[key as ConfigKey] = parsed;
    writeConfigFile(cfg, path);
    this.log(`${key} = ${String(parsed)}   (${path})`);
    return { key, value: parsed, path };
  }
}

/** A value every known key accepts, so `--unset` of a key absent from the file only checks the key. */
function defaultProbe(key: string): unknown {
  return key === 'profile'
    ? 'default'
    : key === 'network'
      ? 'mainnet'
      : key === 'color'
        ? 'auto'
        : key === 'data-dir'
          ? '/'
          : false;
}
