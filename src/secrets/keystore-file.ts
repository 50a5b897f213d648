import { chmod, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { SessionError } from '../errors.js';
import { fromBase64, fromHex, toBase64, toHex, utf8 } from '../encoding/bytes.js';
import { loadSodium } from '../crypto/sodium.js';
import type { SecretStore } from './secret-store.js';

/**
 * A keystore file (mode 0600): the seed encrypted with XChaCha20-Poly1305 under a key stretched
 * from a passphrase with Argon2id, or — only when the user chose `--no-passphrase` — the seed in
 * plain hex, like an ssh key without a passphrase. Writes are atomic (temp file + rename), so a
 * crash or a wrong passphrase never leaves a half-written or changed keystore.
 */
interface EncryptedKeystore {
  version: 1;
  kind: 'encrypted';
  kdf: { alg: 'argon2id13'; saltB64: string; opslimit: number; memlimit: number };
  nonceB64: string;
  ciphertextB64: string;
}
interface PlaintextKeystore {
  version: 1;
  kind: 'plaintext';
  seedHex: string;
}
type Keystore = EncryptedKeystore | PlaintextKeystore;

export interface KeystoreFileOptions {
  path: string;
  /** Returns the passphrase, or undefined for a plaintext keystore. Called lazily. */
  passphrase: () => Promise<string | undefined>;
}

// Argon2id "interactive" limits: ~64 MiB, fast enough for a CLI start, per libsodium's guidance.
const OPSLIMIT = 2;
const MEMLIMIT = 64 * 1024 * 1024;

export class KeystoreFile implements SecretStore {
  readonly backend: 'file' | 'plaintext';
  constructor(
    private readonly opts: KeystoreFileOptions,
    plaintext: boolean,
  ) {
    this.backend = plaintext ? 'plaintext' : 'file';
  }

  async save(seed: Uint8Array): Promise<void> {
    const passphrase = this.backend === 'plaintext' ? undefined : await this.opts.passphrase();
    let doc: Keystore;
    if (passphrase === undefined) {
      if (this.backend !== 'plaintext') {
        throw new SessionError('SECRET_STORE_LOCKED', 'a passphrase is needed to encrypt the keystore', {
          hint: PASS_HINT,
        });
      }
      doc = { version: 1, kind: 'plaintext', seedHex: toHex(seed) };
    } else {
      const sodium = await loadSodium();
      const salt = sodium.randombytes_buf(sodium.crypto_pwhash_SALTBYTES);
      const key = sodium.crypto_pwhash(
        32,
        utf8(passphrase),
        salt,
        OPSLIMIT,
        MEMLIMIT,
        sodium.crypto_pwhash_ALG_ARGON2ID13,
      );
      const nonce = sodium.randombytes_buf(24);
      const ct = sodium.crypto_aead_xchacha20poly1305_ietf_encrypt(seed, null, null, nonce, key);
      doc = {
        version: 1,
        kind: 'encrypted',
        kdf: { alg: 'argon2id13', saltB64: toBase64(salt), opslimit: OPSLIMIT, memlimit: MEMLIMIT },
        nonceB64: toBase64(nonce),
        ciphertextB64: toBase64(ct),
      };
    }
    const tmp = `${this.opts.path}.${process.pid}.tmp`;
    await writeFile(tmp, `${JSON.stringify(doc, null, 2)}\n`, { mode: 0o600 });
    await chmod(tmp, 0o600);
    await rename(tmp, this.opts.path);
  }

  async load(): Promise<Uint8Array> {
    let doc: Keystore;
    try {
      doc = JSON.parse(await readFile(this.opts.path, 'utf8')) as Keystore;
    } catch (cause) {
      if ((cause as NodeJS.ErrnoException).code === 'ENOENT') {
        throw new SessionError('NO_IDENTITY', 'this profile has no keystore', { cause });
      }
      throw new SessionError('SECRET_STORE_LOCKED', `keystore ${this.opts.path} is unreadable or corrupt`, {
        cause,
      });
    }
    if (doc.kind === 'plaintext') return fromHex(doc.seedHex);
    const passphrase = await this.opts.passphrase();
    if (passphrase === undefined) {
      throw new SessionError('SECRET_STORE_LOCKED', 'the keystore is encrypted and no passphrase was given', {
        hint: PASS_HINT,
      });
    }
    const sodium = await loadSodium();
    const key = sodium.crypto_pwhash(
      32,
      utf8(passphrase),
      fromBase64(doc.kdf.saltB64),
      doc.kdf.opslimit,
      doc.kdf.memlimit,
      sodium.crypto_pwhash_ALG_ARGON2ID13,
    );
    try {
      return sodium.crypto_aead_xchacha20poly1305_ietf_decrypt(
        null,
        fromBase64(doc.ciphertextB64),
        null,
        fromBase64(doc.nonceB64),
        key,
      );
    } catch (cause) {
      throw new SessionError('SECRET_STORE_LOCKED', 'wrong passphrase for the keystore', {
        cause,
        hint: PASS_HINT,
      });
    }
  }

  async remove(): Promise<void> {
    await rm(this.opts.path, { force: true });
  }
}

export const PASS_HINT =
  'give the passphrase on a terminal prompt, with --passphrase-file PATH, or in SESSION_PASSPHRASE ' +
  '(or create the identity with --no-passphrase for an unattended host)';
