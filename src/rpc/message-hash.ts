import { blake2b } from '../crypto/keys.js';
import { concatBytes, toBase64Unpadded, utf8 } from '../encoding/bytes.js';

/**
 * Storage-server message hash (network.md §6.9): unpadded base64 of
 * BLAKE2b-256(prefix byte ‖ pubkey32 ‖ ascii(namespace, "" for 0) ‖ raw data). Always 43 chars.
 */
export async function messageHash(
  accountId33: Uint8Array,
  namespace: number,
  data: Uint8Array,
): Promise<string> {
  if (accountId33.length !== 33) throw new RangeError('account id must be 33 bytes');
  const ns = namespace === 0 ? new Uint8Array(0) : utf8(String(namespace));
  return toBase64Unpadded(await blake2b(32, concatBytes(accountId33, ns, data)));
}
