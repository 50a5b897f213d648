import { SessionError } from '../errors.js';
import { concatBytes, utf8 } from './bytes.js';

/**
 * "Ciphertext plus JSON" (network.md §4.3): u32 little-endian length of C, C, then UTF-8 JSON to
 * the end of the buffer. Used for every onion layer and for the outer HTTP body.
 */
export function encodeFrame(ciphertext: Uint8Array, json: string | object): Uint8Array {
  const header = new Uint8Array(4);
  new DataView(header.buffer).setUint32(0, ciphertext.length, true);
  const jsonText = typeof json === 'string' ? json : JSON.stringify(json);
  return concatBytes(header, ciphertext, utf8(jsonText));
}

export interface DecodedFrame {
  ciphertext: Uint8Array;
  json: Record<string, unknown>;
  jsonText: string;
}

export function decodeFrame(buf: Uint8Array): DecodedFrame {
  if (buf.length < 4) throw new SessionError('INVALID_INPUT', 'frame shorter than 4 bytes');
  const len = new DataView(buf.buffer, buf.byteOffset, buf.byteLength).getUint32(0, true);
  if (len > buf.length - 4) throw new SessionError('INVALID_INPUT', 'frame ciphertext length exceeds buffer');
  const ciphertext = buf.subarray(4, 4 + len);
  let jsonText: string;
  let json: unknown;
  try {
    jsonText = new TextDecoder('utf-8', { fatal: true }).decode(buf.subarray(4 + len));
    json = JSON.parse(jsonText);
  } catch (cause) {
    throw new SessionError('INVALID_INPUT', 'frame JSON is not valid', { cause });
  }
  if (json === null || typeof json !== 'object' || Array.isArray(json)) {
    throw new SessionError('INVALID_INPUT', 'frame JSON is not an object');
  }
  return { ciphertext, json: json as Record<string, unknown>, jsonText };
}
