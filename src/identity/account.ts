import { randomBytes } from 'node:crypto';
import { SessionError, isSessionError } from '../errors.js';
import { toHex } from '../encoding/bytes.js';
import { KeyringSecretStore, keyringAvailable } from '../secrets/keyring.js';
import { KeystoreFile } from '../secrets/keystore-file.js';
import type { SecretBackend, SecretStore } from '../secrets/secret-store.js';
import { openDatabase } from '../store/database.js';
import { ProfileDirectory, validateProfileName, type ProfileInfo } from '../store/profiles.js';
import { deriveIdentity, type IdentityKeys } from './keys.js';

/** Library entry points for identities (profiles): create, restore, open, export, delete. */
export type BackendChoice = 'auto' | SecretBackend;

export interface IdentityOptions {
  dataDir: string;
  /** Returns the passphrase for the keystore file (prompt, file or environment). */
  passphrase: () => Promise<string | undefined>;
}

export interface CreateIdentityParams extends IdentityOptions {
  name: string;
  displayName?: string;
  backend: BackendChoice;
  /** Restore from this Recovery Password instead of creating a new seed. */
  recoveryPassword?: string;
}

export interface CreateIdentityResult {
  info: ProfileInfo;
  keys: IdentityKeys;
  recoveryPassword: string;
  current: boolean;
}

async function chooseBackend(choice: BackendChoice): Promise<SecretBackend> {
  if (choice !== 'auto') return choice;
  return (await keyringAvailable()) ? 'keyring' : 'file';
}

export function secretStoreFor(
  dirs: ProfileDirectory,
  name: string,
  backend: SecretBackend,
  passphrase: () => Promise<string | undefined>,
): SecretStore {
  if (backend === 'keyring') return new KeyringSecretStore(dirs.keyringAccount(name));
  return new KeystoreFile({ path: dirs.keystorePath(name), passphrase }, backend === 'plaintext');
}

export async function createIdentity(p: CreateIdentityParams): Promise<CreateIdentityResult> {
  const dirs = new ProfileDirectory(p.dataDir);
  const name = validateProfileName(p.name);
  // Only here (and `identity export`): the word list and node:zlib's CRC stay out of every other
  // command's start-up.
  const { decodeMnemonic, encodeMnemonic } = await import('./mnemonic.js');
  // Decode first: a bad Recovery Password must create nothing.
  const seed =
    p.recoveryPassword === undefined ? new Uint8Array(randomBytes(16)) : decodeMnemonic(p.recoveryPassword);
  if (await dirs.exists(name)) {
    throw new SessionError('PROFILE_EXISTS', `an identity named "${name}" already exists`, {
      hint: 'choose another --name, or delete it first with `session identity delete NAME --yes`',
    });
  }
  const keys = await deriveIdentity(seed);
  const backend = await chooseBackend(p.backend);
  const store = secretStoreFor(dirs, name, backend, p.passphrase);
  const info: ProfileInfo = {
    name,
    accountId: keys.accountId,
    ed25519PkHex: toHex(keys.ed25519Pk),
    ...(p.displayName === undefined ? {} : { displayName: p.displayName }),
    secretBackend: backend,
    createdAt: Date.now(),
  };
  await dirs.writeInfo(info);
  try {
    await store.save(seed);
  } catch (e) {
    await dirs.remove(name);
    throw e;
  }
  // Create the profile's local database now, so a broken SQLite install fails here, not later.
  (await openDatabase(dirs.databasePath(name))).close();
  const current = (await dirs.currentName()) === undefined;
  if (current) await dirs.setCurrent(name);
  return { info, keys, recoveryPassword: encodeMnemonic(seed), current };
}

export interface OpenedIdentity {
  info: ProfileInfo;
  keys: IdentityKeys;
  dirs: ProfileDirectory;
}

/** Loads a profile's keys (unlocking its secret store). */
export async function openIdentity(
  p: IdentityOptions & { profile?: string | undefined },
): Promise<OpenedIdentity> {
  const dirs = new ProfileDirectory(p.dataDir);
  const info = await dirs.resolve(p.profile);
  const seed = await secretStoreFor(dirs, info.name, info.secretBackend, p.passphrase).load();
  const keys = await deriveIdentity(seed);
  if (keys.accountId !== info.accountId) {
    throw new SessionError(
      'SECRET_STORE_LOCKED',
      `the stored secret of "${info.name}" does not match its Account ID`,
    );
  }
  return { info, keys, dirs };
}

export interface DeleteIdentityParams extends IdentityOptions {
  name: string;
  /**
   * Skip the proof of ownership. Without it, a passphrase-protected keystore must unlock first:
   * whoever deletes an account should be able to open it (and a typo cannot delete the wrong one).
   */
  force?: boolean;
}

export async function deleteIdentity(p: DeleteIdentityParams): Promise<ProfileInfo> {
  const dirs = new ProfileDirectory(p.dataDir);
  const info = await dirs.get(p.name);
  const secrets = secretStoreFor(dirs, info.name, info.secretBackend, p.passphrase);
  if (info.secretBackend === 'file' && !p.force) {
    try {
      await secrets.load();
    } catch (e) {
      if (isSessionError(e, 'SECRET_STORE_LOCKED')) {
        throw new SessionError(
          'SECRET_STORE_LOCKED',
          `"${info.name}" is passphrase-protected: deleting it needs its passphrase`,
          {
            cause: e,
            hint: 'give the passphrase (prompt, --passphrase-file or SESSION_PASSPHRASE), or pass --force if it is forgotten',
          },
        );
      }
      throw e;
    }
  }
  await secrets.remove();
  await dirs.remove(info.name);
  return info;
}
