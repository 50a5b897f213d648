import { sign, verify, ed25519PkToX25519 } from '../../crypto/keys.js';
import { bytesEqual, concatBytes, fromBase64, toBase64, toHex, utf8 } from '../../encoding/bytes.js';
import { closestSwarm, swarmSpace, swarmIdToHex } from '../../network/swarm.js';
import { messageHash } from '../../rpc/message-hash.js';
import type { StorageDb, StoredMessage } from './db.js';
import { invalid, RpcError } from './errors.js';
import {
  HASH_RE,
  namespaceParam,
  pubkeyParam,
  signatureParam,
  stringArray,
  stringifiedInt,
  timestampParam,
  within,
  type Params,
} from './params.js';

/**
 * The storage-server side of `/storage_rpc/v1` (network.md §6, errata Part 1 and 3), written as a
 * server: it checks what session-storage-server checks and refuses with its statuses and texts.
 */
export interface NodeIdentity {
  ed25519Pk: Uint8Array;
  ed25519Sk: Uint8Array;
  x25519Pk: Uint8Array;
  x25519Sk: Uint8Array;
  ip: string;
  portHttps: number;
  swarmId: bigint;
}

export interface NetworkView {
  /** Every registered service node: stopped and hung ones too (real nodes stay listed until deregistered). */
  nodes(): NodeIdentity[];
  /**
   * Delivers a recursive request to a swarm peer (the in-process `sn.storage_cc`). A dead or hung
   * peer never settles: the entry node's peer timeout decides. `storedAt` is the entry node's
   * clock, so every replica stores the same timestamp.
   */
  forward(
    ed25519Hex: string,
    method: string,
    params: unknown,
    storedAt: number,
  ): Promise<Record<string, unknown>>;
  /** How long the entry node waits for a peer (errata E11: 5 s on 2.8.0). */
  peerTimeoutMs: number;
  onsLookup(nameHash: string, type: number): { encrypted_value: string; nonce: string } | undefined;
  hf(): [number, number];
}

export interface RpcReply {
  status: number;
  body: string;
  contentType: 'application/json' | 'text/plain';
}

interface Result {
  status: number;
  body: unknown;
}

const DAY = 24 * 3600 * 1000;
const MAX_DATA = 76_800;
const MAX_RETRIEVE = 7_800_000;
const SIG_WINDOW = 60_000;
const FORWARDED_WINDOW = 70_000;
const RECURSIVE = new Set([
  'store',
  'delete',
  'delete_all',
  'delete_before',
  'expire',
  'expire_all',
  'revoke_subaccount',
  'unrevoke_subaccount',
]);
const METHODS = new Set([
  ...RECURSIVE,
  'retrieve',
  'get_expiries',
  'get_swarm',
  'get_snodes_for_pubkey',
  'oxend_request',
  'info',
]);

const isPublicInbox = (ns: number) => ns % 10 === 0;
const isUnrevocable = (ns: number) => ns < 0 && -ns % 100 === 11;
/** Subaccount permission flags (§6.2). */
const READ = 0x01;
const WRITE = 0x02;
const DELETE = 0x04;
const ANY_PREFIX = 0x08;
type SubaccountRule = { flags: number; unrevocable?: boolean } | 'forbidden';
const isPublicOutbox = (ns: number) => ns < 0 && -ns % 20 === 1;
const nsStr = (ns: number | 'all') => (ns === 0 ? '' : String(ns));

export interface StorageEngineOptions {
  identity: NodeIdentity;
  db: StorageDb;
  clock: () => number;
  network: NetworkView;
  version?: [number, number, number];
  rateLimit?: boolean;
}

export class StorageEngine {
  private readonly buckets = new Map<string, { tokens: number; at: number }>();
  private readonly version: [number, number, number];
  readonly edHex: string;

  constructor(private readonly o: StorageEngineOptions) {
    this.version = o.version ?? [2, 11, 0];
    this.edHex = toHex(o.identity.ed25519Pk);
  }

  close(): void {
    this.o.db.close();
  }

  private now(): number {
    return this.o.clock();
  }

  private misc(): { t: number; hf: [number, number] } {
    return { t: this.now(), hf: this.o.network.hf() };
  }

  /** `/storage_rpc/v1` (direct) and the final destination of an onion request. */
  async handleRpc(
    request: string | Uint8Array,
    ctx: { via: 'direct' | 'onion'; clientIp?: string },
  ): Promise<RpcReply> {
    if (ctx.via === 'direct' && (this.o.rateLimit ?? true) && !this.allow(ctx.clientIp ?? '')) {
      return { status: 429, body: 'Too Many Requests', contentType: 'text/plain' };
    }
    let r: Result;
    try {
      r = await this.envelope(typeof request === 'string' ? request : Buffer.from(request).toString('utf8'));
    } catch (e) {
      r = this.errorResult(e);
    }
    return typeof r.body === 'string'
      ? { status: r.status, body: r.body, contentType: 'text/plain' }
      : { status: r.status, body: JSON.stringify(r.body), contentType: 'application/json' };
  }

  private errorResult(e: unknown): Result {
    if (e instanceof RpcError) return { status: e.status, body: e.json ?? e.message };
    return { status: 500, body: 'request failed' };
  }

  /** Token bucket per client IPv4 (errata E9): 600 requests, refilled at 300 per second. */
  private allow(ip: string): boolean {
    const now = this.now();
    const b = this.buckets.get(ip) ?? { tokens: 600, at: now };
    b.tokens = Math.min(600, b.tokens + ((now - b.at) / 1000) * 300);
    b.at = now;
    if (this.buckets.size > 10_000) this.buckets.clear();
    this.buckets.set(ip, b);
    if (b.tokens < 1) return false;
    b.tokens -= 1;
    return true;
  }

  private async envelope(text: string): Promise<Result> {
    let req: unknown;
    try {
      req = JSON.parse(text);
    } catch {
      return { status: 400, body: 'invalid json' };
    }
    if (req === null || typeof req !== 'object' || Array.isArray(req))
      return { status: 400, body: 'invalid json' };
    const { method, params } = req as { method?: unknown; params?: unknown };
    if (typeof method !== 'string') return { status: 400, body: 'invalid json: no `method` field' };
    if (params === undefined) return { status: 400, body: 'invalid json: no `params` field' };
    if (params === null || typeof params !== 'object' || Array.isArray(params)) {
      return { status: 400, body: 'invalid request: params must be an object' };
    }
    if (method === 'batch' || method === 'sequence') return this.batch(method, params as Params);
    if (!METHODS.has(method)) return { status: 400, body: `no method ${method}` };
    return this.call(method, params as Params);
  }

  private async batch(kind: 'batch' | 'sequence', params: Params): Promise<Result> {
    const reqs = params.requests;
    const what = `Invalid ${kind} request`;
    if (!Array.isArray(reqs) || reqs.length === 0) throw invalid(`${what}: no valid "requests" field`);
    if (reqs.length > 20) throw invalid(`${what}: subrequest limit exceeded`);
    for (const r of reqs as { method?: unknown; params?: unknown }[]) {
      if (r === null || typeof r !== 'object') throw invalid(`Invalid ${kind} subrequest: not an object`);
      if (r.method === 'batch' || r.method === 'sequence' || r.method === 'ifelse') {
        throw invalid(`Invalid ${kind} subrequest: subrequests may not contain meta-requests`);
      }
      if (typeof r.method !== 'string' || !METHODS.has(r.method)) {
        throw invalid(`Invalid ${kind} subrequest: invalid method "${String(r.method)}"`);
      }
      if (r.params === null || typeof r.params !== 'object' || Array.isArray(r.params)) {
        throw invalid(`Invalid ${kind} subrequest: params must be an object`);
      }
    }
    const results: { code: number; body: unknown }[] = [];
    const run = async (r: { method: string; params: Params }) => {
      try {
        const x = await this.call(r.method, r.params);
        return { code: x.status, body: x.body };
      } catch (e) {
        const x = this.errorResult(e);
        return { code: x.status, body: x.body };
      }
    };
    const list = reqs as { method: string; params: Params }[];
    if (kind === 'batch') results.push(...(await Promise.all(list.map(run))));
    else {
      for (const r of list) {
        const x = await run(r);
        results.push(x);
        if (x.code < 200 || x.code > 299) break;
      }
    }
    return { status: 200, body: { results } };
  }

  private async call(method: string, p: Params): Promise<Result> {
    switch (method) {
      case 'info':
        return { status: 200, body: { version: this.version, timestamp: this.now(), ...this.misc() } };
      case 'get_swarm':
      case 'get_snodes_for_pubkey': {
        const pk = pubkeyParam(p, method);
        return { status: 200, body: this.swarmJson(this.swarmFor(pk.bytes)) };
      }
      case 'oxend_request':
        return this.oxend(p);
      case 'retrieve':
        return this.retrieve(p);
      case 'get_expiries':
        return this.getExpiries(p);
      default:
        return this.recursive(method, p);
    }
  }

  // ---- swarms --------------------------------------------------------------------------------
  private swarmFor(pubkey33: Uint8Array): bigint {
    const ids = this.o.network.nodes().map((n) => n.swarmId);
    return ids.length === 0 ? this.o.identity.swarmId : closestSwarm(swarmSpace(pubkey33), ids);
  }

  swarmJson(swarm: bigint): Record<string, unknown> {
    const snodes = this.o.network
      .nodes()
      .filter((n) => n.swarmId === swarm)
      .map((n) => ({
        address: `${toHex(n.ed25519Pk)}.snode`,
        pubkey_legacy: toHex(n.ed25519Pk),
        pubkey_x25519: toHex(n.x25519Pk),
        pubkey_ed25519: toHex(n.ed25519Pk),
        port: String(n.portHttps),
        port_https: n.portHttps,
        port_omq: 0,
        port_quic: 0,
        ip: n.ip,
      }));
    return { snodes, swarm: swarmIdToHex(swarm), ...this.misc() };
  }

  private checkSwarm(pubkey33: Uint8Array): void {
    const swarm = this.swarmFor(pubkey33);
    if (swarm !== this.o.identity.swarmId) throw new RpcError(421, 'wrong swarm', this.swarmJson(swarm));
  }

  // ---- authentication ------------------------------------------------------------------------
  /** §6.2: signature by the account (05 via pubkey_ed25519, 03 by its own key). */
  private async verifyAuth(
    p: Params,
    pubkey: { hex: string; bytes: Uint8Array },
    message: Uint8Array,
    what: string,
    sub: SubaccountRule = { flags: READ },
  ): Promise<void> {
    const sig = signatureParam(p);
    if (p.subaccount !== undefined || p.subaccount_sig !== undefined) {
      await this.verifySubaccount(p, pubkey, message, what, sub, sig);
      return;
    }
    let edPk: Uint8Array;
    const given = p.pubkey_ed25519;
    if (given !== undefined) {
      if (!pubkey.hex.startsWith('05')) throw invalid('pubkey_ed25519 is only permitted for 05[...] pubkeys');
      if (typeof given !== 'string' || !/^[0-9a-fA-F]{64}$/.test(given))
        throw invalid('invalid pubkey_ed25519');
      edPk = new Uint8Array(Buffer.from(given, 'hex'));
      let x: Uint8Array;
      try {
        x = await ed25519PkToX25519(edPk);
      } catch {
        throw new RpcError(401, `${what} signature verification failed`);
      }
      if (!bytesEqual(x, pubkey.bytes.subarray(1))) throw invalid('pubkey_ed25519 does not match pubkey');
    } else {
      // Without pubkey_ed25519 a 05 key is (wrongly) used as an Ed25519 key: verification fails.
      edPk = pubkey.bytes.subarray(1);
    }
    if (!(await verify(sig, message, edPk))) throw new RpcError(401, `${what} signature verification failed`);
  }

  /**
   * §6.2 subaccounts (group members): a 36-byte token `prefix | flags | 0 | 0 | ed25519 pk` signed by
   * the account key, with the request itself signed by the token's key. The token must carry the
   * method's permission flags, match the account prefix (or allow any prefix) and not be revoked.
   */
  private async verifySubaccount(
    p: Params,
    pubkey: { hex: string; bytes: Uint8Array },
    message: Uint8Array,
    what: string,
    rule: SubaccountRule,
    sig: Uint8Array,
  ): Promise<void> {
    if (rule === 'forbidden') throw invalid(`${what}: subaccount authentication is not permitted`);
    if (typeof p.subaccount !== 'string' || typeof p.subaccount_sig !== 'string') {
      throw invalid("Required fields 'subaccount' and 'subaccount_sig' must both be given");
    }
    let token: Uint8Array;
    if (/^[0-9a-fA-F]{72}$/.test(p.subaccount)) token = new Uint8Array(Buffer.from(p.subaccount, 'hex'));
    else if (p.subaccount.length === 48) token = fromBase64(p.subaccount);
    else throw invalid('invalid subaccount token');
    if (token.length !== 36) throw invalid('invalid subaccount token');
    const tokenSig = signatureParam({ signature: p.subaccount_sig });
    const [prefix, flags] = [token[0]!, token[1]!];
    if (prefix !== pubkey.bytes[0] && (flags & ANY_PREFIX) === 0) {
      throw new RpcError(401, `${what}: subaccount token is not valid for this account`);
    }
    if ((flags & rule.flags) !== rule.flags)
      throw new RpcError(401, `${what}: subaccount token lacks the required permission`);
    if (!rule.unrevocable) {
      const revoked = this.o.db
        .prepare('SELECT 1 FROM revocations WHERE pubkey = ? AND token = ?')
        .get(pubkey.hex, token);
      if (revoked) throw new RpcError(401, `${what}: subaccount token has been revoked`);
    }
    if (!(await verify(tokenSig, token, pubkey.bytes.subarray(1)))) {
      throw new RpcError(401, `${what}: subaccount token signature verification failed`);
    }
    if (!(await verify(sig, message, token.subarray(4))))
      throw new RpcError(401, `${what} signature verification failed`);
  }

  // ---- store ---------------------------------------------------------------------------------
  private async storeLocal(
    p: Params,
    forwarded: boolean,
    storedAt?: number,
  ): Promise<Record<string, unknown>> {
    const pk = pubkeyParam(p, 'store');
    this.checkSwarm(pk.bytes);
    const ns = namespaceParam(p) as number;
    const timestamp = stringifiedInt(p, 'timestamp', true)!;
    const ttl = stringifiedInt(p, 'ttl', false);
    const expiryParam = stringifiedInt(p, 'expiry', false);
    if ((ttl === undefined) === (expiryParam === undefined))
      throw invalid("exactly one of 'ttl' or 'expiry' is required");
    if (typeof p.data !== 'string') throw invalid("Required field 'data' missing");
    let data: Uint8Array;
    try {
      data = fromBase64(p.data);
    } catch {
      throw invalid("Invalid base64 encoding for 'data'");
    }
    if (data.length > MAX_DATA)
      throw new RpcError(413, `Message too large: ${data.length} > ${MAX_DATA} bytes`);
    const expiry = expiryParam ?? timestamp + ttl!;
    const maxTtl = isPublicInbox(ns) ? 14 * DAY : 30 * DAY;
    if (expiry - timestamp < 10_000 || expiry - timestamp > maxTtl)
      throw new RpcError(403, 'Provided expiry/TTL is not valid.');
    const now = this.now();
    if (timestamp > now + 10_000 || expiry < now - 10_000)
      throw new RpcError(406, 'Timestamp error: check your clock');
    if (!isPublicInbox(ns)) {
      if (p.signature === undefined)
        throw new RpcError(401, `store: signature required to store to namespace ${ns}`);
      const sigTs = timestampParam(p, 'sig_timestamp', false) ?? timestamp;
      within(
        now,
        sigTs,
        forwarded ? FORWARDED_WINDOW : SIG_WINDOW,
        'store signature timestamp too far from current time',
      );
      await this.verifyAuth(p, pk, utf8(`store${nsStr(ns)}${sigTs}`), 'store', {
        flags: isPublicOutbox(ns) ? WRITE | DELETE : WRITE,
      });
    }
    const hash = await messageHash(pk.bytes, ns, data);
    const db = this.o.db;
    const existing = db.prepare('SELECT expiry FROM messages WHERE hash = ?').get(hash) as
      { expiry: number } | undefined;
    let already = false;
    let finalExpiry = expiry;
    if (existing) {
      already = true;
      finalExpiry = Math.max(existing.expiry, expiry);
      db.prepare('UPDATE messages SET expiry = ? WHERE hash = ?').run(finalExpiry, hash);
    } else {
      db.transaction(() => {
        if (isPublicOutbox(ns))
          db.prepare('DELETE FROM messages WHERE pubkey = ? AND namespace = ?').run(pk.hex, ns);
        db.prepare(
          'INSERT INTO messages (pubkey, namespace, hash, data, timestamp, expiry) VALUES (?, ?, ?, ?, ?, ?)',
        ).run(pk.hex, ns, hash, data, storedAt ?? now, expiry);
      })();
    }
    const signature = toBase64(await sign(utf8(hash), this.o.identity.ed25519Sk));
    return { hash, signature, expiry: finalExpiry, ...(already ? { already: forwarded ? 1 : true } : {}) };
  }

  // ---- retrieve ------------------------------------------------------------------------------
  private async retrieve(p: Params): Promise<Result> {
    const pk = pubkeyParam(p, 'retrieve');
    this.checkSwarm(pk.bytes);
    const ns = namespaceParam(p) as number;
    const noAuthNs = ns === -10 || isPublicOutbox(ns);
    const authGiven =
      p.signature !== undefined || p.pubkey_ed25519 !== undefined || p.timestamp !== undefined;
    if (authGiven || (p.namespace !== undefined && !noAuthNs)) {
      // errata E3: a named namespace that needs auth demands the signature field first.
      signatureParam(p);
      const ts = timestampParam(p, 'timestamp');
      within(this.now(), ts!, SIG_WINDOW, 'retrieve timestamp too far from current time');
      await this.verifyAuth(p, pk, utf8(`retrieve${nsStr(ns)}${ts}`), 'retrieve', {
        flags: READ,
        unrevocable: isUnrevocable(ns),
      });
    } else if (!noAuthNs) {
      throw new RpcError(401, 'retrieve: request signature required');
    }
    const lastHash = (p.last_hash ?? p.lastHash ?? '') as unknown;
    if (typeof lastHash !== 'string' || (lastHash !== '' && !HASH_RE.test(lastHash))) {
      throw invalid("Invalid 'last_hash': expected a 43-character message hash");
    }
    const maxCount = p.max_count === undefined ? undefined : Number(p.max_count);
    const maxSizeParam = p.max_size === undefined ? undefined : Number(p.max_size);
    let maxSize = MAX_RETRIEVE / 5;
    if (maxSizeParam !== undefined && maxSizeParam > 0) maxSize = Math.min(maxSizeParam, MAX_RETRIEVE);
    else if (maxSizeParam !== undefined && maxSizeParam < 0)
      maxSize = Math.floor(MAX_RETRIEVE / -maxSizeParam);
    else if (maxSizeParam === 0) maxSize = MAX_RETRIEVE;

    const db = this.o.db;
    const now = this.now();
    let afterId = 0;
    if (lastHash !== '') {
      const row = db
        .prepare('SELECT id FROM messages WHERE hash = ? AND pubkey = ? AND namespace = ?')
        .get(lastHash, pk.hex, ns) as { id: number } | undefined;
      afterId = row?.id ?? 0; // unknown hash: from the beginning (§6.10)
    }
    const rows = db
      .prepare(
        'SELECT id, hash, data, timestamp, expiry FROM messages WHERE pubkey = ? AND namespace = ? AND id > ? AND expiry > ? ORDER BY id LIMIT ?',
      )
      .all(pk.hex, ns, afterId, now, maxCount === undefined ? 100_000 : maxCount + 1) as StoredMessage[];
    const messages: { hash: string; timestamp: number; expiration: number; data: string }[] = [];
    let size = 0;
    let more = false;
    for (const r of rows) {
      const b64 = r.data.toString('base64');
      const cost = b64.length + r.hash.length + 60;
      if (
        messages.length > 0 &&
        (size + cost > maxSize || (maxCount !== undefined && messages.length >= maxCount))
      ) {
        more = true;
        break;
      }
      size += cost;
      messages.push({ hash: r.hash, timestamp: r.timestamp, expiration: r.expiry, data: b64 });
    }
    return { status: 200, body: { messages, more, ...this.misc() } };
  }

  private async getExpiries(p: Params): Promise<Result> {
    const pk = pubkeyParam(p, 'get_expiries');
    this.checkSwarm(pk.bytes);
    const hashes = stringArray(p, 'messages');
    const ts = timestampParam(p, 'timestamp')!;
    within(this.now(), ts, SIG_WINDOW, 'get_expiries timestamp too far from current time');
    await this.verifyAuth(p, pk, utf8(`get_expiries${ts}${hashes.join('')}`), 'get_expiries');
    const expiries: Record<string, number> = {};
    for (const h of hashes) {
      const r = this.o.db
        .prepare('SELECT expiry FROM messages WHERE hash = ? AND pubkey = ? AND expiry > ?')
        .get(h, pk.hex, this.now()) as { expiry: number } | undefined;
      if (r) expiries[h] = r.expiry;
    }
    return { status: 200, body: { expiries } };
  }

  // ---- recursive methods ---------------------------------------------------------------------
  private async recursive(method: string, p: Params): Promise<Result> {
    const pk = pubkeyParam(p, method);
    this.checkSwarm(pk.bytes);
    // The entry node runs the request itself first: its refusals are the request's refusals.
    const storedAt = this.now();
    const mine = await this.local(method, p, false, storedAt);
    if (method === 'store') mine.t = this.now(); // errata E2: kept by accident, kept for compatibility
    const swarm: Record<string, unknown> = { [this.edHex]: mine };
    const peers = this.o.network
      .nodes()
      .filter((n) => n.swarmId === this.o.identity.swarmId && toHex(n.ed25519Pk) !== this.edHex);
    await Promise.all(
      peers.map(async (n) => {
        const hex = toHex(n.ed25519Pk);
        let timer: ReturnType<typeof setTimeout> | undefined;
        const timedOut = new Promise<'timeout'>((resolve) => {
          timer = setTimeout(() => resolve('timeout'), this.o.network.peerTimeoutMs);
        });
        try {
          const r = await Promise.race([this.o.network.forward(hex, method, p, storedAt), timedOut]);
          // errata E11: a member that did not answer in time (dead, hung, too slow) is left out of
          // `swarm` altogether; 2.8.0 answers with the confirmations it has.
          if (r !== 'timeout') swarm[hex] = r;
        } catch (e) {
          swarm[hex] =
            e instanceof RpcError
              ? { failed: true, code: e.status, reason: e.message }
              : { failed: true, query_failure: true };
        } finally {
          clearTimeout(timer);
        }
      }),
    );
    const body: Record<string, unknown> = { swarm, ...this.misc() };
    if (method === 'store') body.hash = mine.hash;
    if (method === 'delete' && p.required === true) {
      const any = Object.values(swarm).some(
        (r) =>
          Array.isArray((r as { deleted?: unknown[] }).deleted) &&
          (r as { deleted: unknown[] }).deleted.length > 0,
      );
      if (!any) return { status: 404, body };
    }
    return { status: 200, body };
  }

  /** A swarm peer replicating a recursive request (bt-encoded on mainnet: booleans become 1). */
  async handlePeer(method: string, params: unknown, storedAt?: number): Promise<Record<string, unknown>> {
    return this.local(method, params as Params, true, storedAt);
  }

  private async local(
    method: string,
    p: Params,
    forwarded: boolean,
    storedAt?: number,
  ): Promise<Record<string, unknown>> {
    switch (method) {
      case 'store':
        return this.storeLocal(p, forwarded, storedAt);
      case 'delete':
        return this.deleteLocal(p);
      case 'delete_all':
        return this.deleteAllLocal(p, forwarded);
      case 'delete_before':
        return this.deleteBeforeLocal(p);
      case 'expire':
        return this.expireLocal(p);
      case 'expire_all':
        return this.expireAllLocal(p);
      case 'revoke_subaccount':
      case 'unrevoke_subaccount':
        return this.revokeLocal(method, p, forwarded);
      default:
        throw new RpcError(400, `no method ${method}`);
    }
  }

  private async nodeSig(...parts: (string | Uint8Array)[]): Promise<string> {
    const msg = concatBytes(...parts.map((x) => (typeof x === 'string' ? utf8(x) : x)));
    return toBase64(await sign(msg, this.o.identity.ed25519Sk));
  }

  private async deleteLocal(p: Params): Promise<Record<string, unknown>> {
    const pk = pubkeyParam(p, 'delete');
    const hashes = stringArray(p, 'messages');
    await this.verifyAuth(p, pk, utf8(`delete${hashes.join('')}`), 'delete', { flags: DELETE });
    const deleted: string[] = [];
    const db = this.o.db;
    db.transaction(() => {
      for (const h of hashes) {
        if (db.prepare('DELETE FROM messages WHERE hash = ? AND pubkey = ?').run(h, pk.hex).changes > 0)
          deleted.push(h);
      }
    })();
    deleted.sort();
    return { deleted, signature: await this.nodeSig(pk.hex, ...hashes, ...deleted) };
  }

  private deleteWhere(
    pubkey: string,
    ns: number | 'all',
    extra: string,
    arg: number,
  ): string[] | Record<string, string[]> {
    const db = this.o.db;
    const nsClause = ns === 'all' ? '' : ' AND namespace = ?';
    const args: (string | number)[] = [pubkey, ...(ns === 'all' ? [] : [ns]), arg];
    const rows = db
      .prepare(`SELECT hash, namespace FROM messages WHERE pubkey = ?${nsClause} AND ${extra}`)
      .all(...args) as {
      hash: string;
      namespace: number;
    }[];
    db.prepare(`DELETE FROM messages WHERE pubkey = ?${nsClause} AND ${extra}`).run(...args);
    if (ns !== 'all') return rows.map((r) => r.hash).sort();
    const by: Record<string, string[]> = {};
    for (const r of rows) (by[String(r.namespace)] ??= []).push(r.hash);
    for (const k of Object.keys(by)) by[k]!.sort();
    return by;
  }

  private async deleteAllLocal(p: Params, forwarded: boolean): Promise<Record<string, unknown>> {
    const pk = pubkeyParam(p, 'delete_all');
    const ns = namespaceParam(p, true);
    const ts = timestampParam(p, 'timestamp')!;
    within(
      this.now(),
      ts,
      forwarded ? FORWARDED_WINDOW : SIG_WINDOW,
      'delete_all timestamp too far from current time',
    );
    await this.verifyAuth(p, pk, utf8(`delete_all${ns === 'all' ? 'all' : nsStr(ns)}${ts}`), 'delete_all', {
      flags: DELETE,
    });
    const deleted = this.deleteWhere(pk.hex, ns, 'id >= ?', 0);
    const flat = Array.isArray(deleted) ? deleted : Object.values(deleted).flat().sort();
    return { deleted, signature: await this.nodeSig(pk.hex, String(ts), ...flat) };
  }

  private async deleteBeforeLocal(p: Params): Promise<Record<string, unknown>> {
    const pk = pubkeyParam(p, 'delete_before');
    const ns = namespaceParam(p, true);
    const before = timestampParam(p, 'before')!;
    if (before > this.now() + 60_000)
      throw new RpcError(401, 'delete_before: timestamp too far in the future');
    await this.verifyAuth(
      p,
      pk,
      utf8(`delete_before${ns === 'all' ? 'all' : nsStr(ns)}${before}`),
      'delete_before',
      { flags: DELETE },
    );
    const deleted = this.deleteWhere(pk.hex, ns, 'timestamp < ?', before);
    const flat = Array.isArray(deleted) ? deleted : Object.values(deleted).flat().sort();
    return { deleted, signature: await this.nodeSig(pk.hex, String(before), ...flat) };
  }

  private async expireLocal(p: Params): Promise<Record<string, unknown>> {
    const pk = pubkeyParam(p, 'expire');
    const hashes = stringArray(p, 'messages');
    const shorten = p.shorten === true;
    const extend = p.extend === true;
    if (shorten && extend) throw invalid('shorten and extend are mutually exclusive');
    const expiryIn = p.expiry;
    const list = Array.isArray(expiryIn) ? (expiryIn as unknown[]) : [expiryIn];
    if (Array.isArray(expiryIn) && expiryIn.length !== hashes.length)
      throw invalid('expiry list must match messages');
    const requested = list.map((e) => {
      if (typeof e !== 'number' || !Number.isInteger(e))
        throw invalid("Required field 'expiry' missing or invalid");
      if (e < 1_000_000_000)
        throw invalid("Invalid timestamp for 'expiry': timestamp must be in milliseconds");
      return e;
    });
    const now = this.now();
    if (requested.some((e) => e < now - 60_000))
      throw new RpcError(401, 'expire: timestamp should be >= current time');
    const mode = shorten ? 'shorten' : extend ? 'extend' : '';
    await this.verifyAuth(p, pk, utf8(`expire${mode}${requested.join('')}${hashes.join('')}`), 'expire', {
      flags: WRITE,
    });
    const applied = requested.map((e) => Math.min(e, now + 30 * DAY));
    const updated: string[] = [];
    const unchanged: Record<string, number> = {};
    const db = this.o.db;
    hashes.forEach((h, i) => {
      const target = applied[Array.isArray(expiryIn) ? i : 0]!;
      const row = db
        .prepare('SELECT expiry FROM messages WHERE hash = ? AND pubkey = ? AND expiry > ?')
        .get(h, pk.hex, now) as { expiry: number } | undefined;
      if (!row) return;
      if ((shorten && target >= row.expiry) || (extend && target <= row.expiry)) {
        unchanged[h] = row.expiry;
        return;
      }
      db.prepare('UPDATE messages SET expiry = ? WHERE hash = ?').run(target, h);
      updated.push(h);
    });
    updated.sort();
    const unchangedSorted = Object.keys(unchanged).sort();
    const expiryOut = Array.isArray(expiryIn) ? applied : applied[0]!;
    const sig = await this.nodeSig(
      pk.hex,
      Array.isArray(expiryOut) ? expiryOut.join('') : String(expiryOut),
      ...hashes,
      ...updated,
      ...unchangedSorted.flatMap((h) => [h, String(unchanged[h])]),
    );
    return { updated, ...(mode ? { unchanged } : {}), expiry: expiryOut, signature: sig };
  }

  private async expireAllLocal(p: Params): Promise<Record<string, unknown>> {
    const pk = pubkeyParam(p, 'expire_all');
    const ns = namespaceParam(p, true);
    const expiry = timestampParam(p, 'expiry')!;
    if (expiry < this.now() - 60_000)
      throw new RpcError(406, 'expire_all: timestamp should be >= current time');
    await this.verifyAuth(
      p,
      pk,
      utf8(`expire_all${ns === 'all' ? 'all' : nsStr(ns)}${expiry}`),
      'expire_all',
      { flags: DELETE },
    );
    const db = this.o.db;
    const nsClause = ns === 'all' ? '' : ' AND namespace = ?';
    const args = [pk.hex, ...(ns === 'all' ? [] : [ns]), expiry];
    const rows = db
      .prepare(`SELECT hash, namespace FROM messages WHERE pubkey = ?${nsClause} AND expiry > ?`)
      .all(...args) as {
      hash: string;
      namespace: number;
    }[];
    db.prepare(`UPDATE messages SET expiry = ? WHERE pubkey = ?${nsClause} AND expiry > ?`).run(
      expiry,
      ...args,
    );
    const flat = rows.map((r) => r.hash).sort();
    let updated: string[] | Record<string, string[]> = flat;
    if (ns === 'all') {
      const by: Record<string, string[]> = {};
      for (const r of rows) (by[String(r.namespace)] ??= []).push(r.hash);
      for (const k of Object.keys(by)) by[k]!.sort();
      updated = by;
    }
    return { updated, signature: await this.nodeSig(pk.hex, String(expiry), ...flat) };
  }

  private async revokeLocal(method: string, p: Params, forwarded: boolean): Promise<Record<string, unknown>> {
    const pk = pubkeyParam(p, method);
    const field = method === 'revoke_subaccount' ? 'revoke' : 'unrevoke';
    const raw = p[field];
    const list = (Array.isArray(raw) ? raw : [raw]) as unknown[];
    if (list.length === 0 || list.length > 50) throw invalid(`'${field}' must hold 1 to 50 tokens`);
    const tokens = list.map((t) => {
      if (typeof t === 'string' && /^[0-9a-fA-F]{72}$/.test(t)) return new Uint8Array(Buffer.from(t, 'hex'));
      if (typeof t === 'string' && t.length === 48) return fromBase64(t);
      throw invalid(`invalid subaccount token in '${field}'`);
    });
    const ts = timestampParam(p, 'timestamp')!;
    within(
      this.now(),
      ts,
      forwarded ? FORWARDED_WINDOW : SIG_WINDOW,
      `${method} timestamp too far from current time`,
    );
    await this.verifyAuth(p, pk, concatBytes(utf8(`${method}${ts}`), ...tokens), method, 'forbidden');
    const db = this.o.db;
    db.transaction(() => {
      for (const t of tokens) {
        if (field === 'revoke') {
          db.prepare('INSERT OR IGNORE INTO revocations (pubkey, token, created) VALUES (?, ?, ?)').run(
            pk.hex,
            t,
            this.now(),
          );
        } else db.prepare('DELETE FROM revocations WHERE pubkey = ? AND token = ?').run(pk.hex, t);
      }
      // At most 50 stored revocations per account: the oldest go first.
      db.prepare(
        'DELETE FROM revocations WHERE pubkey = ? AND rowid NOT IN (SELECT rowid FROM revocations WHERE pubkey = ? ORDER BY created DESC LIMIT 50)',
      ).run(pk.hex, pk.hex);
    })();
    return { signature: await this.nodeSig(pk.hex, String(ts), ...tokens) };
  }

  // ---- oxend ---------------------------------------------------------------------------------
  private oxend(p: Params): Result {
    const endpoint = p.endpoint;
    const params = (p.params ?? {}) as Params;
    if (
      endpoint === 'get_service_nodes' ||
      endpoint === 'get_n_service_nodes' ||
      endpoint === 'get_all_service_nodes'
    ) {
      const result = serviceNodeStates(
        this.o.network.nodes(),
        params.fields,
        Math.floor(this.now() / 120_000),
      );
      return { status: 200, body: { result: { ...result, status: 'OK' }, ...this.misc() } };
    }
    if (endpoint === 'ons_resolve') {
      const type = typeof params.type === 'number' ? params.type : 0;
      const nameHash = params.name_hash;
      if (typeof nameHash !== 'string') return { status: 400, body: 'invalid name_hash' };
      const rec = type === 0 ? this.o.network.onsLookup(nameHash, type) : undefined;
      return { status: 200, body: { result: rec ?? {}, ...this.misc() } };
    }
    return { status: 400, body: 'Invalid oxend endpoint' };
  }
}

/** oxend `get_service_nodes` result with only the requested fields (dict or list form, §2.1). */
export function serviceNodeStates(
  nodes: NodeIdentity[],
  fields: unknown,
  height: number,
): { service_node_states: Record<string, unknown>[]; height?: number } {
  const all = [
    'public_ip',
    'storage_port',
    'storage_lmq_port',
    'pubkey_x25519',
    'pubkey_ed25519',
    'swarm_id',
    'swarm',
    'storage_server_version',
    'requested_unlock_height',
  ];
  let wanted: Set<string>;
  if (Array.isArray(fields)) wanted = new Set(fields.filter((f): f is string => typeof f === 'string'));
  else if (fields && typeof fields === 'object')
    wanted = new Set(
      Object.entries(fields)
        .filter(([, v]) => v === true)
        .map(([k]) => k),
    );
  else wanted = new Set([...all, 'height']);
  const states = nodes.map((n) => {
    const full: Record<string, unknown> = {
      public_ip: n.ip,
      storage_port: n.portHttps,
      storage_lmq_port: n.portHttps + 1,
      pubkey_x25519: toHex(n.x25519Pk),
      pubkey_ed25519: toHex(n.ed25519Pk),
      swarm_id: Number(n.swarmId),
      swarm: swarmIdToHex(n.swarmId),
      storage_server_version: [2, 11, 0],
      requested_unlock_height: 0,
    };
    return Object.fromEntries(Object.entries(full).filter(([k]) => wanted.has(k)));
  });
  return { service_node_states: states, ...(wanted.has('height') ? { height } : {}) };
}
