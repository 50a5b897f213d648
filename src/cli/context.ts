import { readFile } from 'node:fs/promises';
import { Flags } from '@oclif/core';
import { SessionError } from '../errors.js';
import type { BackendChoice } from '../identity/account.js';
import { defaultDataDir } from '../store/profiles.js';
import { promptHidden } from './prompt.js';

/** Flags of every command that unlocks a keystore. The passphrase itself is never a flag. */
export const secretFlags = {
  'passphrase-file': Flags.string({
    description: 'Read the keystore passphrase from this file (first line). Or set SESSION_PASSPHRASE.',
    helpGroup: 'SECRETS',
  }),
};

export function dataDirFrom(flag: string | undefined): string {
  return flag ?? defaultDataDir();
}

/**
 * Where the passphrase comes from, in order: --passphrase-file, SESSION_PASSPHRASE, a hidden
 * prompt on a terminal. Asked at most once per process (Argon2id is slow; prompts are annoying).
 */
export function passphraseSource(opts: {
  file?: string | undefined;
  confirm?: boolean;
}): () => Promise<string | undefined> {
  let cached: Promise<string | undefined> | undefined;
  return () => {
    cached ??= (async () => {
      if (opts.file !== undefined) {
        let text: string;
        try {
          text = await readFile(opts.file, 'utf8');
        } catch (cause) {
          throw new SessionError('INVALID_INPUT', `cannot read --passphrase-file ${opts.file}`, { cause });
        }
        const line = text.split(/\r?\n/)[0] ?? '';
        if (line === '') throw new SessionError('INVALID_INPUT', 'the passphrase file is empty');
        return line;
      }
      const env = process.env.SESSION_PASSPHRASE;
      if (env !== undefined && env !== '') return env;
      if (process.stdin.isTTY && process.stderr.isTTY) {
        const first = await promptHidden('Keystore passphrase: ');
        if (opts.confirm) {
          const again = await promptHidden('Repeat passphrase: ');
          if (again !== first) throw new SessionError('INVALID_INPUT', 'the passphrases do not match');
        }
        if (first === '') throw new SessionError('INVALID_INPUT', 'an empty passphrase is not allowed');
        return first;
      }
      return undefined;
    })();
    return cached;
  };
}

/** SESSION_SECRET_BACKEND=keyring|file forces a backend (tests use `file`). */
export function backendChoice(noPassphrase: boolean): BackendChoice {
  if (noPassphrase) return 'plaintext';
  const env = process.env.SESSION_SECRET_BACKEND;
  if (env === undefined || env === '' || env === 'auto') return 'auto';
  if (env === 'keyring' || env === 'file') return env;
  throw new SessionError(
    'INVALID_INPUT',
    `SESSION_SECRET_BACKEND must be keyring, file or auto (got "${env}")`,
  );
}

/** Flags shared by `identity create` and `identity restore`. */
export const newIdentityFlags = {
  name: Flags.string({ description: 'Profile name for this identity.', default: 'default' }),
  'display-name': Flags.string({ description: 'Display name shown to people you message.' }),
  'no-passphrase': Flags.boolean({
    description: 'Keep the seed in an unencrypted 0600 keystore file (unattended hosts).',
    default: false,
  }),
  ...secretFlags,
};
