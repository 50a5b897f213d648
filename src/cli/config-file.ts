import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, isAbsolute, join } from 'node:path';
import { SessionError } from '../errors.js';
import { parseProxyUrl } from '../network/proxy.js';
import { validateProfileName } from '../store/profiles.js';

/**
 * The user's CLI configuration file, `$XDG_CONFIG_HOME/session-cli/config.json` (else
 * `~/.config/session-cli/config.json`). It only supplies defaults: a flag beats its environment
 * variable, which beats this file, which beats the built-in default. It holds no secrets.
 */
export interface CliConfig {
  /** Profile used when neither --profile nor SESSION_PROFILE is given (beats `identity use`). */
  profile?: string;
  /** `mainnet` or the absolute path of a devnet.json. */
  network?: string;
  /** Absolute data directory. */
  'data-dir'?: string;
  /** Print the JSON envelope without --json. */
  json?: boolean;
  /** `auto` (colour on a terminal), `always` or `never`. */
  color?: ColorMode;
  /** Suppress non-essential stderr (warnings, progress). */
  quiet?: boolean;
  /** Log diagnostics to stderr. */
  verbose?: boolean;
  /** Every connection through this proxy: socks5://, socks5h:// (DNS through it) or http://. */
  proxy?: string;
}

export type ColorMode = 'auto' | 'always' | 'never';
export type ConfigKey = keyof CliConfig;

interface KeySpec {
  description: string;
  /** Parses a value given as text (`config set`) or JSON (the file); throws a reason. */
  parse(value: unknown): CliConfig[ConfigKey];
}

function bool(value: unknown): boolean {
  if (typeof value === 'boolean') return value;
  if (value === 'true') return true;
  if (value === 'false') return false;
  throw new Error('expected true or false');
}

function absolutePath(value: unknown): string {
  if (typeof value !== 'string' || value === '') throw new Error('expected a path');
  const expanded = value.startsWith('~/') ? join(homedir(), value.slice(2)) : value;
  if (!isAbsolute(expanded)) throw new Error('expected an absolute path (or one starting with ~/)');
  return expanded;
}

export const CONFIG_KEYS: Record<ConfigKey, KeySpec> = {
  profile: {
    description: 'default profile (beats the one chosen with `identity use`)',
    parse(value) {
      if (typeof value !== 'string') throw new Error('expected a profile name');
      try {
        return validateProfileName(value);
      } catch {
        throw new Error('expected 1-32 lowercase letters, digits, "_" or "-"');
      }
    },
  },
  network: {
    description: '`mainnet` or the absolute path of a devnet.json',
    parse(value) {
      if (value === 'mainnet') return value;
      const path = absolutePath(value);
      if (!path.endsWith('.json')) throw new Error('expected `mainnet` or the path of a devnet.json');
      return path;
    },
  },
  'data-dir': { description: 'data directory (absolute path)', parse: absolutePath },
  json: { description: 'JSON envelope on stdout without --json (true/false)', parse: bool },
  color: {
    description: 'auto, always or never',
    parse(value) {
      if (value === 'auto' || value === 'always' || value === 'never') return value;
      throw new Error('expected auto, always or never');
    },
  },
  quiet: { description: 'suppress non-essential stderr (true/false)', parse: bool },
  verbose: { description: 'diagnostics on stderr (true/false)', parse: bool },
  proxy: {
    description: 'socks5://HOST:PORT, socks5h://HOST:PORT (DNS through the proxy) or http://HOST:PORT',
    parse(value) {
      if (typeof value !== 'string') throw new Error('expected a proxy URL');
      try {
        parseProxyUrl(value);
      } catch (e) {
        throw new Error(((e as Error).message ?? '').replace(/^--proxy: /, ''));
      }
      return value;
    },
  },
};

export function isConfigKey(key: string): key is ConfigKey {
  return Object.hasOwn(CONFIG_KEYS, key);
}

export function configFilePath(env: NodeJS.ProcessEnv = process.env): string {
  const xdg = env.XDG_CONFIG_HOME;
  return join(xdg && isAbsolute(xdg) ? xdg : join(homedir(), '.config'), 'session-cli', 'config.json');
}

function unknownKey(key: string): SessionError {
  // A key is a name the user typed as a key, not a value: naming it is the point of the error.
  return new SessionError('INVALID_INPUT', `unknown config key "${key.slice(0, 40)}"`, {
    hint: `known keys: ${Object.keys(CONFIG_KEYS).join(', ')}`,
    details: { key: key.slice(0, 40) },
  });
}

/** Checks one value; INVALID_INPUT naming the key (never echoing the value) when it is wrong. */
export function parseConfigValue(key: string, value: unknown): CliConfig[ConfigKey] {
  if (!isConfigKey(key)) throw unknownKey(key);
  try {
    return CONFIG_KEYS[key].parse(value);
  } catch (e) {
    throw new SessionError('INVALID_INPUT', `bad value for config key "${key}": ${(e as Error).message}`, {
      details: { key },
    });
  }
}

/** Reads and validates the file; a missing file is an empty configuration. */
export function readConfigFile(path?: string, env: NodeJS.ProcessEnv = process.env): CliConfig {
  path ??= configFilePath(env);
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (cause) {
    if ((cause as NodeJS.ErrnoException).code === 'ENOENT') return {};
    throw new SessionError('INVALID_INPUT', `cannot read the config file ${path}`, { cause });
  }
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (cause) {
    throw new SessionError('INVALID_INPUT', `the config file ${path} is not valid JSON`, {
      cause,
      hint: 'fix or delete it; `session config list` shows what it should contain',
    });
  }
  if (doc === null || typeof doc !== 'object' || Array.isArray(doc)) {
    throw new SessionError('INVALID_INPUT', `the config file ${path} must hold a JSON object`);
  }
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(doc)) {
    const parsed = parseConfigValue(key, value);
    out[key] = parsed;
  }
  return out;
}

/** Writes the file atomically, mode 0600 (its directory 0700). */
export function writeConfigFile(cfg: CliConfig, path: string = configFilePath()): void {
  mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
  const tmp = `${path}.${process.pid}.tmp`;
  try {
    writeFileSync(tmp, `${JSON.stringify(cfg, null, 2)}\n`, { mode: 0o600 });
    renameSync(tmp, path);
  } catch (cause) {
    throw fileSystemError(cause, `cannot write the config file ${path}`);
  }
}

/** Maps a file-system failure to a stable code (a full disk is not a bug). */
export function fileSystemError(cause: unknown, message: string): SessionError {
  const code = (cause as NodeJS.ErrnoException | undefined)?.code;
  if (code === 'ENOSPC' || code === 'EDQUOT') {
    return new SessionError('DISK_FULL', `${message}: the disk is full`, { cause });
  }
  return new SessionError('INVALID_INPUT', message, { cause });
}
