import { SessionError } from '../errors.js';
import { readConfigFile, type CliConfig, type ColorMode } from './config-file.js';

/**
 * Where each global setting comes from: a flag beats its environment variable, which beats the
 * config file, which beats the default. Computed from argv and the environment directly (not only
 * from oclif's parse), so failures before a command parses (unknown command, bad flag) obey it too.
 */
export type SettingSource = 'flag' | 'env' | 'file' | 'default';

export interface Setting<T> {
  value: T;
  source: SettingSource;
}

/** The environment variable of each global setting. */
export const SETTING_ENV = {
  profile: 'SESSION_PROFILE',
  network: 'SESSION_NETWORK',
  'data-dir': 'SESSION_DATA_DIR',
  json: 'SESSION_JSON',
  color: 'SESSION_COLOR',
  quiet: 'SESSION_QUIET',
  verbose: 'SESSION_VERBOSE',
  proxy: 'SESSION_PROXY',
} as const satisfies Record<keyof CliConfig, string>;

/** argv up to `--` (what follows it is data, never flags). */
export function flagPart(argv: readonly string[]): readonly string[] {
  const i = argv.indexOf('--');
  return i === -1 ? argv : argv.slice(0, i);
}

/** The value of `--name VALUE` / `--name=VALUE` in argv, or undefined (last one wins, like oclif). */
export function flagValue(argv: readonly string[], name: string): string | undefined {
  const args = flagPart(argv);
  let found: string | undefined;
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    if (a === `--${name}`) found = args[i + 1];
    else if (a.startsWith(`--${name}=`)) found = a.slice(name.length + 3);
  }
  return found;
}

export function hasFlag(argv: readonly string[], name: string): boolean {
  return flagPart(argv).includes(`--${name}`);
}

function envBool(name: string, env: NodeJS.ProcessEnv): boolean | undefined {
  const v = env[name];
  if (v === undefined || v === '') return undefined;
  if (/^(1|true|yes|on)$/i.test(v)) return true;
  if (/^(0|false|no|off)$/i.test(v)) return false;
  throw new SessionError('INVALID_INPUT', `${name} must be true or false`);
}

/** A boolean setting: `--name` (and `--no-name` where it exists), env, file, default false. */
export function boolSetting(
  key: 'json' | 'quiet' | 'verbose',
  argv: readonly string[],
  env: NodeJS.ProcessEnv,
  file: CliConfig,
): Setting<boolean> {
  if (hasFlag(argv, key) || (key === 'quiet' && flagPart(argv).includes('-q'))) {
    return { value: true, source: 'flag' };
  }
  if (hasFlag(argv, `no-${key}`)) return { value: false, source: 'flag' };
  const e = envBool(SETTING_ENV[key], env);
  if (e !== undefined) return { value: e, source: 'env' };
  const f = file[key];
  if (f !== undefined) return { value: f, source: 'file' };
  return { value: false, source: 'default' };
}

/**
 * Colour: `--color`, then SESSION_COLOR, then the NO_COLOR / FORCE_COLOR conventions, then the
 * file, then `auto` (colour only on a terminal).
 */
export function colorSetting(
  argv: readonly string[],
  env: NodeJS.ProcessEnv,
  file: CliConfig,
): Setting<ColorMode> {
  const flag = flagValue(argv, 'color');
  if (flag !== undefined) return { value: colorMode(flag, '--color'), source: 'flag' };
  const e = env.SESSION_COLOR;
  if (e !== undefined && e !== '') return { value: colorMode(e, 'SESSION_COLOR'), source: 'env' };
  if (env.NO_COLOR !== undefined && env.NO_COLOR !== '') return { value: 'never', source: 'env' };
  if (env.FORCE_COLOR !== undefined && env.FORCE_COLOR !== '' && env.FORCE_COLOR !== '0') {
    return { value: 'always', source: 'env' };
  }
  if (file.color !== undefined) return { value: file.color, source: 'file' };
  return { value: 'auto', source: 'default' };
}

function colorMode(v: string, where: string): ColorMode {
  if (v === 'auto' || v === 'always' || v === 'never') return v;
  throw new SessionError('INVALID_INPUT', `${where} must be auto, always or never`);
}

/** A string setting (profile, network, data-dir, proxy). */
export function stringSetting(
  key: 'profile' | 'network' | 'data-dir' | 'proxy',
  argv: readonly string[],
  env: NodeJS.ProcessEnv,
  file: CliConfig,
): Setting<string | undefined> {
  const flag = flagValue(argv, key);
  if (flag !== undefined) return { value: flag, source: 'flag' };
  const e = env[SETTING_ENV[key]];
  if (e !== undefined && e !== '') return { value: e, source: 'env' };
  if (file[key] !== undefined) return { value: file[key], source: 'file' };
  return { value: undefined, source: 'default' };
}

/** Whether a stream gets ANSI colour under a mode. */
export function colorFor(mode: ColorMode, stream: { isTTY?: boolean }): boolean {
  return mode === 'always' || (mode === 'auto' && stream.isTTY === true);
}

/** The config file, or the error reading it (reported once, by whoever runs first). */
export function loadConfigSafely(env: NodeJS.ProcessEnv = process.env): {
  config: CliConfig;
  error?: SessionError;
} {
  try {
    return { config: readConfigFile(undefined, env) };
  } catch (e) {
    return { config: {}, error: e as SessionError };
  }
}

/** `--json` anywhere before `--`, else SESSION_JSON, else the file; never throws (used to report). */
export function jsonWanted(argv: readonly string[], env: NodeJS.ProcessEnv, file: CliConfig): boolean {
  try {
    return boolSetting('json', argv, env, file).value;
  } catch {
    return hasFlag(argv, 'json');
  }
}
