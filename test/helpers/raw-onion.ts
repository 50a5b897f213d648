import { createCipheriv, createDecipheriv, createHmac, randomBytes } from 'node:crypto';
import { request } from 'node:https';
import sodium from 'libsodium-wrappers-sumo';

/**
 * A deliberately independent onion client for conformance tests: layers are built here from the
 * spec (network.md §4.2–§4.4) with node:crypto and libsodium directly, so a bug shared by our client
 * and our devnet cannot make both agree on something wrong.
 */
export type Enc = 'aes-gcm' | 'xchacha20';

export async function layer(enc: Enc, plaintext: Uint8Array, recipientX: Uint8Array) {
  await sodium.ready;
  const eSk = sodium.randombytes_buf(32);
  const ePk = sodium.crypto_scalarmult_base(eSk);
  const shared = sodium.crypto_scalarmult(eSk, recipientX);
  let key: Uint8Array;
  let ct: Uint8Array;
  if (enc === 'aes-gcm') {
    key = createHmac('sha256', 'LOKI').update(shared).digest();
    const iv = randomBytes(12);
    const c = createCipheriv('aes-256-gcm', key, iv);
    ct = Buffer.concat([iv, c.update(plaintext), c.final(), c.getAuthTag()]);
  } else {
    key = sodium.crypto_generichash(32, Buffer.concat([shared, ePk, recipientX]), null);
    const n = sodium.randombytes_buf(24);
    ct = Buffer.concat([n, sodium.crypto_aead_xchacha20poly1305_ietf_encrypt(plaintext, null, null, n, key)]);
  }
  return { ct, ePkHex: Buffer.from(ePk).toString('hex'), key };
}

export async function open(enc: Enc, key: Uint8Array, blob: Uint8Array): Promise<Buffer> {
  await sodium.ready;
  if (enc === 'aes-gcm') {
    const d = createDecipheriv('aes-256-gcm', key, blob.subarray(0, 12));
    d.setAuthTag(blob.subarray(blob.length - 16));
    return Buffer.concat([d.update(blob.subarray(12, blob.length - 16)), d.final()]);
  }
  return Buffer.from(
    sodium.crypto_aead_xchacha20poly1305_ietf_decrypt(
      null,
      blob.subarray(24),
      null,
      blob.subarray(0, 24),
      key,
    ),
  );
}

export function frame(ct: Uint8Array, json: object | string): Buffer {
  const len = Buffer.alloc(4);
  len.writeUInt32LE(ct.length);
  return Buffer.concat([len, ct, Buffer.from(typeof json === 'string' ? json : JSON.stringify(json))]);
}

export interface Hop {
  ed: string; // hex
  x: string; // hex
}

/** A devnet node as the raw tests address it: keys for the layers, address for the request. */
export type RawNode = Hop & { ip: string; port: number; swarm: string };

/** The nodes of a devnet descriptor (`devnet.json`) in the raw tests' shape. */
export function rawNodes(d: {
  nodes: {
    pubkey_ed25519: string;
    pubkey_x25519: string;
    ip: string;
    port_https: number;
    swarm_id: string;
  }[];
}): RawNode[] {
  return d.nodes.map((n) => ({
    ed: n.pubkey_ed25519,
    x: n.pubkey_x25519,
    ip: n.ip,
    port: n.port_https,
    swarm: n.swarm_id,
  }));
}

/** Builds the HTTP body of an onion request through `path` to a snode destination running `rpc`. */
export async function buildSnodeOnion(path: Hop[], dest: Hop, rpc: object, enc: Enc = 'aes-gcm') {
  const x = (h: Hop) => Buffer.from(h.x, 'hex');
  const d = await layer(enc, frame(Buffer.from(JSON.stringify(rpc)), { headers: {} }), x(dest));
  let next = { ct: d.ct, ePkHex: d.ePkHex };
  let route: object = { destination: dest.ed, ephemeral_key: d.ePkHex, enc_type: enc };
  for (let i = path.length - 1; i >= 0; i--) {
    const l = await layer(enc, frame(next.ct, route), x(path[i]!));
    route = { destination: path[i]!.ed, ephemeral_key: l.ePkHex, enc_type: enc };
    next = l;
  }
  return { body: frame(next.ct, { ephemeral_key: next.ePkHex, enc_type: enc }), key: d.key, enc };
}

/** Builds an onion request through `path` whose last hop proxies a v4 request to an HTTP server. */
export async function buildServerOnion(
  path: Hop[],
  server: { x: string; host: string; port: number },
  v4: Uint8Array,
) {
  const enc: Enc = 'aes-gcm';
  const d = await layer(enc, v4, Buffer.from(server.x, 'hex'));
  let next = { ct: d.ct, ePkHex: d.ePkHex };
  let route: object = {
    host: server.host,
    target: '/oxen/v4/lsrpc',
    method: 'POST',
    protocol: 'http',
    port: server.port,
    ephemeral_key: d.ePkHex,
  };
  for (let i = path.length - 1; i >= 0; i--) {
    const l = await layer(enc, frame(next.ct, route), Buffer.from(path[i]!.x, 'hex'));
    route = { destination: path[i]!.ed, ephemeral_key: l.ePkHex };
    next = l;
  }
  return { body: frame(next.ct, { ephemeral_key: next.ePkHex }), key: d.key };
}

export function post(
  host: string,
  port: number,
  path: string,
  body: Uint8Array | string,
  headers: Record<string, string> = {},
): Promise<{ status: number; body: Buffer; headers: Record<string, unknown> }> {
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host,
        port,
        path,
        method: 'POST',
        rejectUnauthorized: false,
        headers: { 'content-length': Buffer.byteLength(body), ...headers },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () =>
          resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks), headers: res.headers }),
        );
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}
