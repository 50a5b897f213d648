import { SessionError } from '../errors.js';
import { fromHex, toHex } from '../encoding/bytes.js';
import type { SecretStore } from './secret-store.js';

const SERVICE = 'session-cli';

interface KeyringEntry {
  setPassword(value: string): void;
  getPassword(): string | null | undefined;
  deletePassword(): boolean | void;
}
type EntryCtor = new (service: string, account: string) => KeyringEntry;

/** Loads the OS keychain binding lazily: most commands never need it. */
async function entryClass(): Promise<EntryCtor> {
  const mod = (await import('@napi-rs/keyring')) as unknown as { Entry: EntryCtor };
  return mod.Entry;
}

/** True when the OS keychain answers (it does not on headless Linux without a secret service). */
export async function keyringAvailable(): Promise<boolean> {
  try {
    const Entry = await entryClass();
    const probe = new Entry(SERVICE, '__probe__');
    probe.setPassword('probe');
    probe.deletePassword();
    return true;
  } catch {
    return false;
  }
}

/** The seed as hex in the OS keychain, under service "session-cli" and a per-profile account. */
export class KeyringSecretStore implements SecretStore {
  readonly backend = 'keyring' as const;
  constructor(private readonly account: string) {}

  async save(seed: Uint8Array): Promise<void> {
    const Entry = await entryClass();
    new Entry(SERVICE, this.account).setPassword(toHex(seed));
  }

  async load(): Promise<Uint8Array> {
    const Entry = await entryClass();
    let value: string | null | undefined;
    try {
      value = new Entry(SERVICE, this.account).getPassword();
    } catch (cause) {
      throw new SessionError('SECRET_STORE_LOCKED', 'the OS keychain did not answer', { cause });
    }
    if (!value) throw new SessionError('NO_IDENTITY', 'the OS keychain has no seed for this profile');
    return fromHex(value);
  }

  async remove(): Promise<void> {
    const Entry = await entryClass();
    try {
      new Entry(SERVICE, this.account).deletePassword();
    } catch {
      // already gone
    }
  }
}
