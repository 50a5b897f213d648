import {
  hopDecryptWithKey,
  hopEncryptWithKey,
  hopServerKey,
  parseEncType,
  type EncType,
} from '../crypto/hop.js';
import { fromHex, toBase64, utf8 } from '../encoding/bytes.js';
import { decodeFrame, encodeFrame, type DecodedFrame } from '../encoding/frame.js';
import { guardParseError } from './onion-parse.js';

/**
 * What a storage node does with `POST /onion_req/v2` (network.md §4.5): peel its layer, then run
 * the request (final destination), proxy it to an HTTP server (`host`), or relay it to the next
 * node. Errors follow the §4.8 catalogue: hop-level errors travel back unencrypted with their HTTP
 * status; destination results travel back as HTTP 200 with an encrypted body.
 */
export interface OnionReply {
  status: number;
  body: Uint8Array;
  contentType: string;
}

export interface OnionHop {
  ed25519Hex: string;
  x25519Pk: Uint8Array;
  x25519Sk: Uint8Array;
  /** Runs a storage RPC request arriving as the final destination. */
  runRpc(requestJson: Uint8Array): Promise<{ status: number; body: string }>;
  /**
   * Forwards a layer to another node: undefined if the key is not in this node's node list,
   * 'timeout' if the next hop (dead or hung) did not answer within the relay timeout.
   */
  relay(ed25519Hex: string, body: Uint8Array, hopNo: number): Promise<OnionReply | undefined | 'timeout'>;
  /** POSTs to an HTTP server (file server, community server). */
  proxy(url: string, body: Uint8Array): Promise<OnionReply>;
}

export const MAX_ONION_HOPS = 15;

const text = (status: number, message: string): OnionReply => ({
  status,
  body: utf8(message),
  contentType: 'text/plain',
});

export async function processOnion(
  hop: OnionHop,
  body: Uint8Array,
  hopNo: number,
  isGuard: boolean,
): Promise<OnionReply> {
  if (isGuard) {
    // The guard parses the outer frame as SS https.cpp does and sends its exception text.
    const what = guardParseError(body);
    if (what !== undefined) return text(400, `Error parsing onion request: ${what}`);
  }
  let outer: DecodedFrame;
  try {
    outer = decodeFrame(body);
  } catch (e) {
    return isGuard
      ? text(400, `Error parsing onion request: ${(e as Error).message}`)
      : text(500, 'Invalid response from snode');
  }
  if (isGuard && typeof outer.json.hop_no === 'number') hopNo = Math.max(hopNo, outer.json.hop_no);
  if (hopNo > MAX_ONION_HOPS) return text(400, 'onion request max path length exceeded');

  let encType: EncType;
  let ephemeral: Uint8Array;
  try {
    encType = parseEncType(outer.json.enc_type);
    const ek = outer.json.ephemeral_key;
    if (typeof ek !== 'string' || !/^[0-9a-fA-F]{64}$/.test(ek))
      throw new Error('missing or invalid ephemeral_key');
    ephemeral = fromHex(ek.toLowerCase());
  } catch (e) {
    return text(400, `Error parsing onion request: ${(e as Error).message}`);
  }

  let key: Uint8Array;
  let plaintext: Uint8Array;
  try {
    key = await hopServerKey(encType, hop.x25519Sk, hop.x25519Pk, ephemeral);
    plaintext = await hopDecryptWithKey(encType, key, outer.ciphertext);
  } catch {
    return text(400, 'Invalid ciphertext');
  }

  const encrypted = async (obj: unknown, raw = false): Promise<OnionReply> => {
    const blob = await hopEncryptWithKey(encType, key, utf8(JSON.stringify(obj)));
    return raw
      ? { status: 200, body: blob, contentType: 'application/octet-stream' }
      : { status: 200, body: utf8(toBase64(blob)), contentType: 'text/plain' };
  };

  let inner: DecodedFrame;
  try {
    inner = decodeFrame(plaintext);
  } catch {
    return encrypted({ status: 400, body: 'Invalid json' });
  }
  const j = inner.json;

  if ('headers' in j) {
    // Final destination: the enclosed bytes are a storage RPC request.
    const res = await hop.runRpc(inner.ciphertext);
    let resBody: unknown = res.body;
    if (j.json === true) {
      try {
        resBody = JSON.parse(res.body);
      } catch {
        resBody = res.body;
      }
    }
    return encrypted({ status: res.status, body: resBody }, j.base64 === false);
  }

  if ('host' in j) {
    const target = j.target;
    const protocol = j.protocol ?? 'https';
    const host = j.host;
    if (
      typeof target !== 'string' ||
      typeof host !== 'string' ||
      !(target.startsWith('/oxen/') || target.startsWith('/loki/')) ||
      !target.endsWith('/lsrpc') ||
      target.includes('?') ||
      (protocol !== 'http' && protocol !== 'https')
    ) {
      return encrypted({ status: 400, body: 'Invalid url' });
    }
    const defaultPort = protocol === 'https' ? 443 : 80;
    const port = typeof j.port === 'number' ? j.port : defaultPort;
    const url = `${protocol}://${host}${port === defaultPort ? '' : `:${port}`}${target}`;
    // The whole decrypted plaintext goes to the server, which parses the frame itself.
    return hop.proxy(url, plaintext);
  }

  const dest = j.destination;
  const ek = j.ephemeral_key;
  if (typeof dest !== 'string' || typeof ek !== 'string')
    return encrypted({ status: 400, body: 'Invalid json' });
  const next = dest.toLowerCase();
  const nextBody = encodeFrame(inner.ciphertext, {
    ephemeral_key: ek,
    ...(j.enc_type === undefined ? {} : { enc_type: j.enc_type }),
  });
  // errata E10: 2.8.0 never reports a dead next hop early; it waits out the relay timeout.
  const reply = await hop.relay(next, nextBody, hopNo + 1);
  if (reply === undefined) return text(502, `Next node not found: ${next}`);
  if (reply === 'timeout') return text(504, 'Request time out');
  return reply;
}
