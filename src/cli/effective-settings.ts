import { defaultDataDir } from '../store/profiles.js';
import type { CliConfig, ConfigKey } from './config-file.js';
import { boolSetting, colorSetting, stringSetting, type SettingSource } from './settings.js';

export interface EffectiveSetting {
  value: string | boolean | null;
  source: SettingSource;
}

/** Every setting's value for this invocation and where it came from (for `config get|list`). */
export function effectiveSettings(
  argv: readonly string[],
  env: NodeJS.ProcessEnv,
  file: CliConfig,
): Record<ConfigKey, EffectiveSetting> {
  const defaults = { profile: null, network: 'mainnet', 'data-dir': defaultDataDir(env), proxy: null };
  const str = (k: 'profile' | 'network' | 'data-dir' | 'proxy'): EffectiveSetting => {
    const s = stringSetting(k, argv, env, file);
    return { value: s.value ?? defaults[k], source: s.source };
  };
  return {
    profile: str('profile'),
    network: str('network'),
    'data-dir': str('data-dir'),
    json: boolSetting('json', argv, env, file),
    color: colorSetting(argv, env, file),
    quiet: boolSetting('quiet', argv, env, file),
    verbose: boolSetting('verbose', argv, env, file),
    proxy: str('proxy'),
  };
}
