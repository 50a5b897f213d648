/**
 * Where an account seed lives. The seed never leaves a SecretStore except into memory for the
 * process that needs it; it is never logged or put in an error message.
 */
export type SecretBackend = 'keyring' | 'file' | 'plaintext';

export interface SecretStore {
  readonly backend: SecretBackend;
  /** Stores the seed (16 or 32 bytes). */
  save(seed: Uint8Array): Promise<void>;
  /** Loads the seed; SECRET_STORE_LOCKED if it cannot be unlocked, NO_IDENTITY if absent. */
  load(): Promise<Uint8Array>;
  remove(): Promise<void>;
}
