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
): Promise<BuiltOnion> {
  const d = await hopEncrypt('aes-gcm', encodeV4Request(req), fromHex(server.x25519Hex));
  const route = {
    host: server.host,
    target: '/oxen/v4/lsrpc',
    method: 'POST',
    protocol: server.protocol,
    port: server.port,
    ephemeral_key: toHex(d.ephemeralPublic),
  };
  return { body: await wrapRelays(path, d.ciphertext, route, 'aes-gcm'), key: d.key, encType: 'aes-gcm' };
}

export interface SnodeReply {
  status: number;
  /** The RPC body: parsed JSON when it is JSON, else the plain text. */
  body: unknown;
  text: string;
}

export async function openSnodeReply(o: BuiltOnion, httpBody: Uint8Array): Promise<SnodeReply> {
  let blob: Uint8Array;
  try {
    const text = fromUtf8(httpBody).trim();
    blob = text.startsWith('{')
      ? fromBase64((JSON.parse(text) as { result: string }).result)
      : fromBase64(text);
  } catch (cause) {
    throw new SessionError('DECRYPT_FAILED', 'onion reply is not base64', { cause });
  }
  const plain = await hopDecryptWithKey(o.encType, o.key, blob);
  let outer: { status?: number; status_code?: number; body?: unknown };
  try {
    outer = JSON.parse(fromUtf8(plain)) as typeof outer;
  } catch (cause) {
    throw new SessionError('DECRYPT_FAILED', 'onion reply is not JSON', { cause });
  }
  const status = outer.status_code ?? outer.status ?? 0;
  const text = typeof outer.body === 'string' ? outer.body : JSON.stringify(outer.body ?? null);
  let body: unknown = text;
  try {
    body = JSON.parse(text);
  } catch {
    body = text;
  }
  return { status, body, text };
}

export async function openServerReply(o: BuiltOnion, httpBody: Uint8Array): Promise<V4Response> {
  return decodeV4Response(await hopDecryptWithKey(o.encType, o.key, httpBody));
}
