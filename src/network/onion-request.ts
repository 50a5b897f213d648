import { hopDecryptWithKey, hopEncrypt, type EncType, type HopEncryptOptions } from '../crypto/hop.js';
import { fromBase64, fromHex, fromUtf8, toHex, utf8 } from '../encoding/bytes.js';
import { encodeFrame } from '../encoding/frame.js';
import { decodeV4Response, encodeV4Request, type V4Request, type V4Response } from '../encoding/v4.js';
import { SessionError } from '../errors.js';
import type { SnodeRecord } from './pool.js';

/**
 * Building an onion request (network.md §4.4) and opening its reply (§4.7). The client keeps
 * only the destination layer's key; relays never learn both who asks and what is asked.
 */
export interface ServerDestination {
  host: string;
  port: number;
  protocol: 'http' | 'https';
  x25519Hex: string;
}

export interface BuiltOnion {
  body: Uint8Array;
  key: Uint8Array;
  encType: EncType;
}

/**
 * Fixed ephemeral keys and ivs per layer, innermost first (destination, last relay, …, guard):
 * only for reproducing the spec's deterministic vectors.
 */
export type LayerOptions = HopEncryptOptions[];

async function wrapRelays(
  path: SnodeRecord[],
  inner: Uint8Array,
  route: Record<string, unknown>,
  encType: EncType,
  layers: LayerOptions = [],
): Promise<Uint8Array> {
  let ct = inner;
  let r = route;
  for (let i = path.length - 1; i >= 0; i--) {
    const hop = path[i]!;
    const l = await hopEncrypt(
      encType,
      encodeFrame(ct, r),
      fromHex(hop.x25519),
      layers[path.length - i] ?? {},
    );
    ct = l.ciphertext;
    r = {
      destination: hop.ed25519,
      ephemeral_key: toHex(l.ephemeralPublic),
      ...(encType === 'aes-gcm' ? {} : { enc_type: encType }),
    };
  }
  return encodeFrame(ct, { ephemeral_key: r.ephemeral_key, ...(r.enc_type ? { enc_type: r.enc_type } : {}) });
}

/** To a storage node: the RPC JSON in a `{"headers":{}}` frame (§4.6a). */
export async function buildSnodeOnion(
  path: SnodeRecord[],
  dest: SnodeRecord,
  rpc: object,
  encType: EncType = 'aes-gcm',
  layers: LayerOptions = [],
): Promise<BuiltOnion> {
  const d = await hopEncrypt(
    encType,
    encodeFrame(utf8(JSON.stringify(rpc)), { headers: {} }),
    fromHex(dest.x25519),
    layers[0] ?? {},
  );
  const route = {
    destination: dest.ed25519,
    ephemeral_key: toHex(d.ephemeralPublic),
    ...(encType === 'aes-gcm' ? {} : { enc_type: encType }),
  };
  return { body: await wrapRelays(path, d.ciphertext, route, encType, layers), key: d.key, encType };
}

/** To an HTTP server (file server, SOGS): a v4 request proxied by the last hop (§4.6b). */
export async function buildServerOnion(
  path: SnodeRecord[],
  server: ServerDestination,
  req: V4Request,
  layers: LayerOptions = [],
): Promise<BuiltOnion> {
  const d = await hopEncrypt('aes-gcm', encodeV4Request(req), fromHex(server.x25519Hex), layers[0] ?? {});
  const route = {
    host: server.host,
    target: '/oxen/v4/lsrpc',
    method: 'POST',
    protocol: server.protocol,
    port: server.port,
    ephemeral_key: toHex(d.ephemeralPublic),
  };
  return {
    body: await wrapRelays(path, d.ciphertext, route, 'aes-gcm', layers),
    key: d.key,
    encType: 'aes-gcm',
  };
}

export interface SnodeReply {
  status: number;
  /** The RPC body: parsed JSON when it is JSON, else the plain text. */
  body: unknown;
  text: string;
}

/** An HTTP status a destination can put in its reply: an integer 100..599. */
function isHttpStatus(v: unknown): v is number {
  return typeof v === 'number' && Number.isInteger(v) && v >= 100 && v <= 599;
}

function badReply(what: string, cause?: unknown): SessionError {
  return new SessionError('BAD_REPLY', `onion reply: ${what}`, cause === undefined ? {} : { cause });
}

/** The reply blob of a snode destination: base64 text, or legacy `{"result":"<b64>"}` (§4.7). */
function replyBlob(httpBody: Uint8Array): Uint8Array {
  const undecodable = (cause?: unknown) =>
    new SessionError('DECRYPT_FAILED', 'onion reply is not base64', cause === undefined ? {} : { cause });
  let text: string;
  try {
    text = fromUtf8(httpBody).trim();
  } catch (cause) {
    throw undecodable(cause);
  }
  if (text.startsWith('{')) {
    let legacy: unknown;
    try {
      legacy = JSON.parse(text);
    } catch (cause) {
      throw undecodable(cause);
    }
    const result = (legacy as { result?: unknown } | null)?.result;
    if (typeof result !== 'string') throw undecodable();
    text = result;
  }
  try {
    return fromBase64(text);
  } catch (cause) {
    throw undecodable(cause);
  }
}

/**
 * Opens a snode destination's reply. A blob that does not decrypt is DECRYPT_FAILED (a relay or
 * the key is wrong); one that decrypts to something other than `{"status"|"status_code", "body"}`
 * is BAD_REPLY (only the destination holds the key, so the destination is to blame).
 */
export async function openSnodeReply(o: BuiltOnion, httpBody: Uint8Array): Promise<SnodeReply> {
  const plain = await hopDecryptWithKey(o.encType, o.key, replyBlob(httpBody));
  let outer: unknown;
  try {
    outer = JSON.parse(fromUtf8(plain));
  } catch (cause) {
    throw badReply('decrypted reply is not JSON', cause);
  }
  if (typeof outer !== 'object' || outer === null || Array.isArray(outer))
    throw badReply('decrypted reply is not a JSON object');
  const { status_code: statusCode, status: plainStatus, body: rawBody } = outer as Record<string, unknown>;
  // §4.7: `status_code` wins over `status` when present.
  const status = statusCode !== undefined && statusCode !== null ? statusCode : plainStatus;
  if (!isHttpStatus(status)) throw badReply('status is not an HTTP status code');
  if (rawBody === undefined) throw badReply('no body');
  if (typeof rawBody !== 'string') return { status, body: rawBody, text: JSON.stringify(rawBody) };
  let body: unknown;
  try {
    body = JSON.parse(rawBody);
  } catch {
    // A plain-text error message (§4.8), not JSON.
    body = rawBody;
  }
  return { status, body, text: rawBody };
}

/**
 * Opens a server (v4) destination's reply: undecryptable → DECRYPT_FAILED; decrypted but not a
 * v4 response (bencoded `l<meta><body>e`, §4.7) → BAD_REPLY.
 */
export async function openServerReply(o: BuiltOnion, httpBody: Uint8Array): Promise<V4Response> {
  // decodeV4Response throws BAD_REPLY for anything that is not a v4 response.
  return decodeV4Response(await hopDecryptWithKey(o.encType, o.key, httpBody));
}
