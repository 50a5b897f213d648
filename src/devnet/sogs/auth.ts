import { concatBytes, toHex, utf8 } from '../../encoding/bytes.js';
import { loadSodium } from '../../crypto/sodium.js';

/**
 * Parsing of the four X-SOGS-* request headers as pysogs does it (communities.md §4.1–§4.6): the
 * checks that need no database, in the server's order, with its exact text/plain refusals. The
 * window, ban, nonce and signature checks (§4.3 steps 3–6) follow in the server, which owns the
 * database.
 */
export interface AuthHeaders {
  /** The identity the request acts as: `15…` as given, or `05…` derived from a `00` key. */
  sessionId: string;
  blinded: boolean;
  /** The Ed25519 key that must have signed (the header's 32 key bytes). */
  edPk: Uint8Array;
  nonce: Uint8Array;
  signature: Uint8Array;
  /** The timestamp digits exactly as sent: they are what was signed. */
  timestampText: string;
  timestamp: number;
}

export type AuthParse =
  | { kind: 'anonymous' }
  | { kind: 'refused'; code: number; text: string }
  | { kind: 'headers'; auth: AuthHeaders };

export const AUTH_WINDOW_S = 24 * 3600;

const HEADERS = ['x-sogs-pubkey', 'x-sogs-nonce', 'x-sogs-timestamp', 'x-sogs-signature'] as const;

/** Hex of exactly `size` bytes, or base64 (padded or not) of exactly `size` bytes; else undefined. */
export function decodeHexOrBase64(value: string, size: number): Uint8Array | undefined {
  if (value.length === size * 2 && /^[0-9a-fA-F]+$/.test(value))
    return new Uint8Array(Buffer.from(value, 'hex'));
  const b64Len = Math.ceil((size * 4) / 3);
  const padded = 4 * Math.ceil(size / 3);
  if (value.length !== b64Len && value.length !== padded) return undefined;
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(value)) return undefined;
  const bytes = Buffer.from(value, 'base64');
  return bytes.length === size ? new Uint8Array(bytes) : undefined;
}

export async function parseAuthHeaders(
  headers: Record<string, string>,
  requireBlindKeys: boolean,
): Promise<AuthParse> {
  const values = HEADERS.map((h) => headers[h] ?? '');
  const missing = values.filter((v) => v === '').length;
  if (missing === 4) return { kind: 'anonymous' };
  const refuse = (code: number, text: string): AuthParse => ({ kind: 'refused', code, text });
  if (missing > 0)
    return refuse(400, `Invalid authentication headers: missing ${missing}/4 required X-SOGS-* headers`);
  const [pkText, nonceText, tsText, sigText] = values as [string, string, string, string];

  const pk = decodeHexOrBase64(pkText, 33);
  if (!pk) return refuse(400, 'Invalid authentication: X-SOGS-Pubkey is not a valid 66-hex digit id');
  if (pk[0] !== 0x00 && pk[0] !== 0x15)
    return refuse(400, 'Invalid authentication: X-SOGS-Pubkey must be 00- or 15- prefixed');
  const blinded = pk[0] === 0x15;
  const edPk = pk.slice(1);
  const sodium = await loadSodium();
  if (!sodium.crypto_core_ed25519_is_valid_point(edPk))
    return refuse(400, 'Invalid authentication: given X-SOGS-Pubkey is not a valid Ed25519 pubkey');
  let sessionId: string;
  if (blinded) sessionId = `15${toHex(edPk)}`;
  else if (requireBlindKeys)
    return refuse(400, 'Invalid authentication: this server requires the use of blinded ids');
  else {
    try {
      sessionId = `05${toHex(sodium.crypto_sign_ed25519_pk_to_curve25519(edPk))}`;
    } catch {
      return refuse(400, 'Invalid authentication: given X-SOGS-Pubkey is not a valid Ed25519 pubkey');
    }
  }

  const nonce = decodeHexOrBase64(nonceText, 16);
  if (!nonce)
    return refuse(400, 'Invalid authentication: X-SOGS-Nonce must be 16 bytes (encoded as base64 or hex)');
  const signature = decodeHexOrBase64(sigText, 64);
  if (!signature) return refuse(400, 'Invalid authentication: X-SOGS-Signature is not base64[88]');
  // Python's int() accepts surrounding blanks, a sign and underscores between digits; keep to the
  // plain forms (what every client sends) plus an optional sign.
  if (!/^\s*[+-]?\d+\s*$/.test(tsText))
    return refuse(400, 'Invalid authentication: X-SOGS-Timestamp is not a valid timestamp');
  return {
    kind: 'headers',
    auth: {
      sessionId,
      blinded,
      edPk,
      nonce,
      signature,
      timestampText: tsText,
      timestamp: Number(tsText.trim()),
    },
  };
}

/**
 * The signed message (§4.2): server pubkey ‖ nonce ‖ timestamp text ‖ METHOD ‖ decoded path
 * (+ `?` + the query as sent) ‖ BLAKE2b-512(body) when the body is not empty.
 */
export async function signedMessage(
  serverPk: Uint8Array,
  auth: AuthHeaders,
  method: string,
  signedPath: string,
  body: Uint8Array,
): Promise<Uint8Array> {
  const sodium = await loadSodium();
  const parts = [serverPk, auth.nonce, utf8(auth.timestampText), utf8(method), utf8(signedPath)];
  if (body.length > 0) parts.push(sodium.crypto_generichash(64, body, null));
  return concatBytes(...parts);
}

export async function verifySignature(auth: AuthHeaders, message: Uint8Array): Promise<boolean> {
  const sodium = await loadSodium();
  try {
    return sodium.crypto_sign_verify_detached(auth.signature, message, auth.edPk);
  } catch {
    return false;
  }
}
