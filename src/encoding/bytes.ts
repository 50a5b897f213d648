import { SessionError } from '../errors.js';

/** Hex/base64/UTF-8 conversions: used only at the edges (wire JSON, CLI output). */

const HEX_RE = /^(?:[0-9a-fA-F]{2})*$/;

export function toHex(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('hex');
}

export function fromHex(hex: string, what = 'hex string'): Uint8Array {
  if (!HEX_RE.test(hex)) throw new SessionError('INVALID_INPUT', `${what} is not valid hex`);
  return new Uint8Array(Buffer.from(hex, 'hex'));
}

export function toBase64(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('base64');
}

/** Unpadded standard base64 (storage-server message hashes are 43 chars without `=`). */
export function toBase64Unpadded(bytes: Uint8Array): string {
  return toBase64(bytes).replace(/=+$/, '');
}

const B64_RE = /^[A-Za-z0-9+/]*={0,2}$/;

export function fromBase64(b64: string, what = 'base64 string'): Uint8Array {
  if (!B64_RE.test(b64) || b64.replace(/=+$/, '').length % 4 === 1) {
    throw new SessionError('INVALID_INPUT', `${what} is not valid base64`);
  }
  return new Uint8Array(Buffer.from(b64, 'base64'));
}

const encoder = new TextEncoder();
const decoder = new TextDecoder('utf-8', { fatal: true });

export function utf8(text: string): Uint8Array {
  return encoder.encode(text);
}

export function fromUtf8(bytes: Uint8Array): string {
  return decoder.decode(bytes);
}

export function concatBytes(...parts: Uint8Array[]): Uint8Array {
  let total = 0;
  for (const p of parts) total += p.length;
  const out = new Uint8Array(total);
  let offset = 0;
  for (const p of parts) {
    out.set(p, offset);
    offset += p.length;
  }
  return out;
}

export function bytesEqual(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  let diff = 0;
  for (let i = 0; i < a.length; i++) diff |= a[i]! ^ b[i]!;
  return diff === 0;
}
