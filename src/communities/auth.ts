import { blind15KeyPair, blind15Sign, type Blind15NonceVariant } from '../crypto/blinding.js';
import { blake2b, randomBytes, sign } from '../crypto/keys.js';
import { concatBytes, fromHex, toBase64, toHex, utf8 } from '../encoding/bytes.js';

/**
 * X-SOGS-* request signatures (communities.md §4). The signed message is
 * `server pk ‖ nonce ‖ timestamp ‖ METHOD ‖ path ‖ BLAKE2b-512(body)` where the path is
 * percent-decoded (the query is kept as sent) and the body hash is left out for an empty body.
 */
export type AuthMode = 'blind15' | 'unblinded';

export interface SogsAuthParams {
  method: string;
  /** Path with query, as sent on the wire (percent-encoded). */
  path: string;
  body?: Uint8Array | undefined;
  serverPkHex: string;
  edSecretKey64: Uint8Array;
  /** Unix seconds (network time). */
  timestampS: number;
  /** 16 bytes; fresh random when absent (tests fix it to reproduce the vectors). */
  nonce?: Uint8Array;
  mode?: AuthMode;
  /** Nonce derivation of the blinded signature (§5.2.4); both verify. */
  variant?: Blind15NonceVariant;
}

/** The PATH part of the signed message: path percent-decoded, `?query` kept as sent (§4.2). */
export function signedPath(wirePath: string): Uint8Array {
  const q = wirePath.indexOf('?');
  const path = q < 0 ? wirePath : wirePath.slice(0, q);
  const query = q < 0 ? '' : wirePath.slice(q);
  let decoded: string;
  try {
    decoded = decodeURIComponent(path);
  } catch {
    decoded = path; // a stray % is sent and signed as it is
  }
  return utf8(decoded + query);
}

export async function sogsSignedMessage(p: {
  serverPkHex: string;
  nonce: Uint8Array;
  timestamp: string;
  method: string;
  path: string;
  body?: Uint8Array | undefined;
}): Promise<Uint8Array> {
  const parts = [
    fromHex(p.serverPkHex),
    p.nonce,
    utf8(p.timestamp),
    utf8(p.method.toUpperCase()),
    signedPath(p.path),
  ];
  if (p.body && p.body.length > 0) parts.push(await blake2b(64, p.body));
  return concatBytes(...parts);
}

/** The four headers. */
export async function sogsAuthHeaders(p: SogsAuthParams): Promise<Record<string, string>> {
  const nonce = p.nonce ?? (await randomBytes(16));
  const timestamp = String(Math.floor(p.timestampS));
  const msg = await sogsSignedMessage({ ...p, nonce, timestamp });
  let pubkey: string;
  let signature: Uint8Array;
  if ((p.mode ?? 'blind15') === 'blind15') {
    pubkey = '15' + toHex((await blind15KeyPair(p.edSecretKey64, p.serverPkHex)).publicKey);
    signature = await blind15Sign(msg, p.edSecretKey64, p.serverPkHex, p.variant ?? 'seed');
  } else {
    pubkey = '00' + toHex(p.edSecretKey64.subarray(32, 64));
    signature = await sign(msg, p.edSecretKey64);
  }
  return {
    'X-SOGS-Pubkey': pubkey,
    'X-SOGS-Nonce': toBase64(nonce),
    'X-SOGS-Timestamp': timestamp,
    'X-SOGS-Signature': toBase64(signature),
  };
}
