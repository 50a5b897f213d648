import sodium from 'libsodium-wrappers-sumo';
import { blind15KeyPair } from '../../src/crypto/blinding.js';

/**
 * Raw SOGS requests for conformance tests: the X-SOGS-* headers are computed here from
 * communities.md §4.2 and §5.2.4 with libsodium directly (only the blinded key pair comes from
 * src/crypto/blinding.ts), so the server is not checked against a client library's own idea.
 */
export interface RawUser {
  /** What the server knows the user as (`15…`, or `05…` for 00 auth). */
  id: string;
  /** The X-SOGS-Pubkey value. */
  header: string;
  sessionId: string;
  sk64: Uint8Array;
  sign(message: Uint8Array): Uint8Array;
}

const hex = (b: Uint8Array) => Buffer.from(b).toString('hex');
const cat = (...p: Uint8Array[]) => new Uint8Array(Buffer.concat(p));

export async function blindedUser(serverPkHex: string, sk64?: Uint8Array): Promise<RawUser> {
  await sodium.ready;
  const sk = sk64 ?? sodium.crypto_sign_keypair().privateKey;
  const { publicKey: kA, secretScalar: ka } = await blind15KeyPair(sk, serverPkHex);
  const id = `15${hex(kA)}`;
  return {
    id,
    header: id,
    sessionId: `05${hex(sodium.crypto_sign_ed25519_pk_to_curve25519(sk.slice(32)))}`,
    sk64: sk,
    // §5.2.4, desktop-style nonce: r from SHA-512(seed)[32:].
    sign(m) {
      const prefix = sodium.crypto_hash_sha512(sk.slice(0, 32)).slice(32);
      const r = sodium.crypto_core_ed25519_scalar_reduce(sodium.crypto_hash_sha512(cat(prefix, kA, m)));
      const R = sodium.crypto_scalarmult_ed25519_base_noclamp(r);
      const h = sodium.crypto_core_ed25519_scalar_reduce(sodium.crypto_hash_sha512(cat(R, kA, m)));
      return cat(R, sodium.crypto_core_ed25519_scalar_add(r, sodium.crypto_core_ed25519_scalar_mul(h, ka)));
    },
  };
}

export async function unblindedUser(sk64?: Uint8Array): Promise<RawUser> {
  await sodium.ready;
  const sk = sk64 ?? sodium.crypto_sign_keypair().privateKey;
  const sessionId = `05${hex(sodium.crypto_sign_ed25519_pk_to_curve25519(sk.slice(32)))}`;
  return {
    id: sessionId,
    header: `00${hex(sk.slice(32))}`,
    sessionId,
    sk64: sk,
    sign: (m) => sodium.crypto_sign_detached(m, sk),
  };
}

export interface AuthOptions {
  nonce?: Uint8Array;
  timestamp?: number | string;
}

/** The four headers for `method path` (path as sent on the wire: percent-decoded for signing). */
export async function authHeaders(
  serverPkHex: string,
  user: RawUser,
  method: string,
  wirePath: string,
  body: Uint8Array,
  opts: AuthOptions = {},
): Promise<Record<string, string>> {
  await sodium.ready;
  const nonce = opts.nonce ?? sodium.randombytes_buf(16);
  const ts = String(opts.timestamp ?? Math.floor(Date.now() / 1000));
  const qi = wirePath.indexOf('?');
  const signedPath =
    qi < 0
      ? decodeURIComponent(wirePath)
      : `${decodeURIComponent(wirePath.slice(0, qi))}${wirePath.slice(qi)}`;
  const parts = [
    Buffer.from(serverPkHex, 'hex'),
    nonce,
    Buffer.from(ts),
    Buffer.from(method),
    Buffer.from(signedPath, 'utf8'),
  ];
  if (body.length > 0) parts.push(sodium.crypto_generichash(64, body, null));
  return {
    'X-SOGS-Pubkey': user.header,
    'X-SOGS-Nonce': Buffer.from(nonce).toString('base64'),
    'X-SOGS-Timestamp': ts,
    'X-SOGS-Signature': Buffer.from(user.sign(cat(...parts))).toString('base64'),
  };
}

export interface RawReply {
  status: number;
  text: string;
  body: Buffer;
  headers: Headers;
  json<T = any>(): T;
}

export interface RequestOptions extends AuthOptions {
  json?: unknown;
  body?: Uint8Array;
  contentType?: string;
  headers?: Record<string, string>;
}

/** One direct HTTP request to a SOGS at `base`, signed by `user` unless undefined. */
export async function sogs(
  base: string,
  serverPkHex: string,
  user: RawUser | undefined,
  method: string,
  path: string,
  opts: RequestOptions = {},
): Promise<RawReply> {
  const body =
    opts.body ??
    (opts.json === undefined ? new Uint8Array(0) : new Uint8Array(Buffer.from(JSON.stringify(opts.json))));
  const headers: Record<string, string> = {
    ...(user ? await authHeaders(serverPkHex, user, method, path, body, opts) : {}),
  };
  if (opts.json !== undefined) headers['Content-Type'] = 'application/json';
  if (opts.contentType !== undefined) headers['Content-Type'] = opts.contentType;
  Object.assign(headers, opts.headers ?? {});
  const res = await fetch(`${base}${path}`, {
    method,
    headers,
    ...(body.length > 0 || method === 'POST' || method === 'PUT' ? { body } : {}),
  });
  const buf = Buffer.from(await res.arrayBuffer());
  return {
    status: res.status,
    text: buf.toString('utf8'),
    body: buf,
    headers: res.headers,
    json: () => JSON.parse(buf.toString('utf8')),
  };
}

/** The padded `data` and blinded signature of a post (§8.5; any bytes do for the server). */
export function postBody(
  user: RawUser,
  text: string,
  extra: Record<string, unknown> = {},
): Record<string, unknown> {
  const content = Buffer.from(text);
  const padded = Buffer.concat([content, Buffer.from([0x80]), Buffer.alloc(159 - (content.length % 160))]);
  return {
    data: padded.toString('base64'),
    signature: Buffer.from(user.sign(padded)).toString('base64'),
    ...extra,
  };
}
