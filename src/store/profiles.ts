import { mkdir, readFile, readdir, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { SessionError } from '../errors.js';
import type { SecretBackend } from '../secrets/secret-store.js';
import { sha256Hex } from '../crypto/digest.js';

/**
 * The data directory: `config.json` (which profile is current) and one folder per profile
 * (`profiles/<name>/`: `profile.json` without secrets, `keystore.json` when the file backend is
 * used, `session.db`).
 */
export interface ProfileInfo {
  name: string;
  accountId: string;
  ed25519PkHex: string;
  displayName?: string;
  secretBackend: SecretBackend;
  createdAt: number;
}

const NAME_RE = /^[a-z0-9][a-z0-9_-]{0,31}$/;

export function validateProfileName(name: string): string {
  if (!NAME_RE.test(name)) {
    throw new SessionError('INVALID_NAME', `invalid profile name "${name}"`, {
      hint: 'use 1-32 lowercase letters, digits, "_" or "-", starting with a letter or digit',
    });
  }
  return name;
}

export { defaultDataDir } from './data-dir.js';

export class ProfileDirectory {
  constructor(readonly dataDir: string) {}

  profileDir(name: string): string {
    return join(this.dataDir, 'profiles', validateProfileName(name));
  }
  keystorePath(name: string): string {
    return join(this.profileDir(name), 'keystore.json');
  }
  databasePath(name: string): string {
    return join(this.profileDir(name), 'session.db');
  }
  /** Keychain account name: unique per data directory so two data dirs never collide. */
  keyringAccount(name: string): string {
    return `${name}@${sha256Hex(this.dataDir).slice(0, 12)}`;
  }

  async list(): Promise<ProfileInfo[]> {
    let names: string[];
    try {
      names = await readdir(join(this.dataDir, 'profiles'));
    } catch {
      return [];
    }
    const out: ProfileInfo[] = [];
    for (const n of names.sort()) {
      const info = await this.tryGet(n);
      if (info) out.push(info);
    }
    return out;
  }

  private async tryGet(name: string): Promise<ProfileInfo | undefined> {
    try {
      return JSON.parse(
        await readFile(join(this.dataDir, 'profiles', name, 'profile.json'), 'utf8'),
      ) as ProfileInfo;
    } catch {
      return undefined;
    }
  }

  async get(name: string): Promise<ProfileInfo> {
    const info = await this.tryGet(validateProfileName(name));
    if (!info) {
      throw new SessionError('NO_IDENTITY', `no identity named "${name}"`, {
        hint: 'run `session identity list`, or create one with `session identity create`',
      });
    }
    return info;
  }

  async exists(name: string): Promise<boolean> {
    return (await this.tryGet(validateProfileName(name))) !== undefined;
  }

  async currentName(): Promise<string | undefined> {
    try {
      const cfg = JSON.parse(await readFile(join(this.dataDir, 'config.json'), 'utf8')) as {
        currentProfile?: string;
      };
      return cfg.currentProfile;
    } catch {
      return undefined;
    }
  }

  /** The profile to use: explicit name, else the current one, else NO_IDENTITY. */
  async resolve(explicit: string | undefined): Promise<ProfileInfo> {
    const name = explicit ?? (await this.currentName());
    if (name === undefined) {
      throw new SessionError('NO_IDENTITY', 'no identity yet', {
        hint: 'create one with `session identity create` or restore one with `session identity restore`',
      });
    }
    return this.get(name);
  }

  async setCurrent(name: string | undefined): Promise<void> {
    await mkdir(this.dataDir, { recursive: true, mode: 0o700 });
    await atomicWrite(
      join(this.dataDir, 'config.json'),
      `${JSON.stringify({ currentProfile: name }, null, 2)}\n`,
    );
  }

  async writeInfo(info: ProfileInfo): Promise<void> {
    await mkdir(this.profileDir(info.name), { recursive: true, mode: 0o700 });
    await atomicWrite(join(this.profileDir(info.name), 'profile.json'), `${JSON.stringify(info, null, 2)}\n`);
  }

  /**
   * Removes a profile. If it was the current one, no profile is current afterwards: silently
   * switching to another account would send the next command's messages as someone else.
   */
  async remove(name: string): Promise<void> {
    await rm(this.profileDir(name), { recursive: true, force: true });
    if ((await this.currentName()) === name) await this.setCurrent(undefined);
  }
}

async function atomicWrite(path: string, text: string): Promise<void> {
  const tmp = `${path}.${process.pid}.tmp`;
  await writeFile(tmp, text, { mode: 0o600 });
  await rename(tmp, path);
}
