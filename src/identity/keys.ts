import { ed25519KeyPairFromSeed, ed25519PkToX25519, ed25519SkToX25519 } from '../crypto/keys.js';
import { toHex } from '../encoding/bytes.js';
import type { AccountId } from './ids.js';

/** Everything derived from an account seed (messages.md §1.1). Holds secrets: never log it. */
export interface IdentityKeys {
  /** The 16-byte seed behind the Recovery Password (or 32 bytes for legacy accounts). */
  seed: Uint8Array;
  seed32: Uint8Array;
  ed25519Pk: Uint8Array;
  /** libsodium layout, 64 bytes. */
  ed25519Sk: Uint8Array;
  x25519Pk: Uint8Array;
  x25519Sk: Uint8Array;
  accountId: AccountId;
}

/** seed16 ‖ 16 zero bytes -> Ed25519 -> X25519 -> Account ID `05` + hex(X25519 pk). */
export async function deriveIdentity(seed: Uint8Array): Promise<IdentityKeys> {
  if (seed.length !== 16 && seed.length !== 32) throw new RangeError('seed must be 16 or 32 bytes');
  const seed32 = new Uint8Array(32);
  seed32.set(seed);
  const ed = await ed25519KeyPairFromSeed(seed32);
  const x25519Pk = await ed25519PkToX25519(ed.publicKey);
  const x25519Sk = await ed25519SkToX25519(ed.secretKey);
  return {
    seed: seed.slice(),
    seed32,
    ed25519Pk: ed.publicKey,
    ed25519Sk: ed.secretKey,
    x25519Pk,
    x25519Sk,
    accountId: `05${toHex(x25519Pk)}` as AccountId,
  };
}
