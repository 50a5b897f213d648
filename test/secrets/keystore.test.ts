import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { isSessionError } from '../../src/errors.js';
import { KeystoreFile } from '../../src/secrets/keystore-file.js';
import { tempDir } from '../helpers/cli.js';

const seed = new Uint8Array(16).map((_, i) => i);

describe('keystore file', () => {
  it('encrypts with the passphrase (mode 0600, no seed in the file) and decrypts', async () => {
    const path = join(tempDir(), 'keystore.json');
    await new KeystoreFile({ path, passphrase: () => Promise.resolve('pw') }, false).save(seed);
    expect(statSync(path).mode & 0o777).toBe(0o600);
    const text = readFileSync(path, 'utf8');
    expect(text).not.toContain('000102030405060708090a0b0c0d0e0f');
    expect(JSON.parse(text).kdf.alg).toBe('argon2id13');
    expect(await new KeystoreFile({ path, passphrase: () => Promise.resolve('pw') }, false).load()).toEqual(
      seed,
    );
  });

  it('a wrong or missing passphrase is SECRET_STORE_LOCKED', async () => {
    const path = join(tempDir(), 'keystore.json');
    await new KeystoreFile({ path, passphrase: () => Promise.resolve('pw') }, false).save(seed);
    for (const pass of ['nope', undefined]) {
      await expect(
        new KeystoreFile({ path, passphrase: () => Promise.resolve(pass) }, false).load(),
      ).rejects.toSatisfy((e) => isSessionError(e, 'SECRET_STORE_LOCKED'));
    }
  });

  it('plaintext keystores need no passphrase; a missing file is NO_IDENTITY', async () => {
    const dir = tempDir();
    const ks = new KeystoreFile(
      { path: join(dir, 'k.json'), passphrase: () => Promise.resolve(undefined) },
      true,
    );
    await ks.save(seed);
    expect(await ks.load()).toEqual(seed);
    await ks.remove();
    await expect(ks.load()).rejects.toSatisfy((e) => isSessionError(e, 'NO_IDENTITY'));
  });
});
