import { readFile, writeFile } from 'node:fs/promises';
import { loadSodium } from '../crypto/sodium.js';
import { fromHex, toBase64, toHex, utf8 } from '../encoding/bytes.js';
import { SessionError } from '../errors.js';

/**
 * ONS records as oxend stores them for Session names (network.md §8 step 5): the 33-byte account
 * id encrypted with XChaCha20-Poly1305 under BLAKE2b-256(name, key = name_hash), with a random
 * 24-byte nonce; looked up by b64(BLAKE2b-256(lowercase name)).
 */
export interface OnsRecord {
  name: string;
  nameHashB64: string;
  encrypted_value: string;
  nonce: string;
}

const NAME_RE = /^\w([\w-]*\w)?$/;

export async function makeOnsRecord(name: string, accountIdHex: string): Promise<OnsRecord> {
  const lower = name.toLowerCase();
  if (lower.length < 1 || lower.length > 64 || !NAME_RE.test(lower)) {
    throw new SessionError('INVALID_NAME', `"${name}" is not a valid ONS name`, {
      hint: 'letters, digits, "_" and inner "-", 1-64 characters',
    });
  }
  if (!/^05[0-9a-f]{64}$/.test(accountIdHex)) {
    throw new SessionError('INVALID_ACCOUNT_ID', 'an ONS name must point at a 05… Account ID');
  }
  const sodium = await loadSodium();
  const nameHash = sodium.crypto_generichash(32, utf8(lower), null);
  const key = sodium.crypto_generichash(32, utf8(lower), nameHash);
  const nonce = sodium.randombytes_buf(24);
  const ct = sodium.crypto_aead_xchacha20poly1305_ietf_encrypt(fromHex(accountIdHex), null, null, nonce, key);
  return { name: lower, nameHashB64: toBase64(nameHash), encrypted_value: toHex(ct), nonce: toHex(nonce) };
}

/** The ONS records of a devnet, kept in one JSON file in its directory. */
export class OnsRegistry {
  private records = new Map<string, OnsRecord>();
  constructor(private readonly path: string) {}

  async load(): Promise<void> {
    try {
      const list = JSON.parse(await readFile(this.path, 'utf8')) as OnsRecord[];
      this.records = new Map(list.map((r) => [r.nameHashB64, r]));
    } catch {
      this.records = new Map();
    }
  }

  async register(name: string, accountIdHex: string): Promise<OnsRecord> {
    const rec = await makeOnsRecord(name, accountIdHex);
    this.records.set(rec.nameHashB64, rec);
    await writeFile(this.path, `${JSON.stringify([...this.records.values()], null, 2)}\n`);
    return rec;
  }

  all(): OnsRecord[] {
    return [...this.records.values()];
  }

  /** `name_hash` may come as b64 (padded or not) or 64 hex (§8 step 3). */
  lookup(nameHash: string): OnsRecord | undefined {
    let b64 = nameHash;
    if (/^[0-9a-fA-F]{64}$/.test(nameHash)) b64 = toBase64(fromHex(nameHash.toLowerCase()));
    else if (b64.length === 43) b64 += '=';
    return this.records.get(b64);
  }
}
