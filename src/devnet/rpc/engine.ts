import { sign, verify, ed25519PkToX25519 } from '../../crypto/keys.js';
import { bytesEqual, concatBytes, toBase64, toHex, utf8 } from '../../encoding/bytes.js';
import { closestSwarm, swarmSpace, swarmIdToHex } from '../../network/swarm.js';
import { messageHash } from '../../rpc/message-hash.js';
import type { StorageDb, StoredMessage } from './db.js';
import { invalid, RpcError } from './errors.js';
import { toBase32z } from '../base32z.js';
import { sortedJson } from './json.js';
import {
  isNoAuthRetrieve,
  loadDelete,
  loadExpire,
  loadGetExpiries,
  loadGetSwarm,
  loadNamespaced,
  loadOxendRequest,
  loadRequest,
  loadRetrieve,
  loadRevoke,
  loadStore,
  pubkeyParam,
  within,
  type AccountKey,
  type Auth,
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
   * peer never settles: the entry node's peer timeout decides.
   */
  forward(ed25519Hex: string, method: string, params: unknown): Promise<Record<string, unknown>>;
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
/** What a subaccount token must allow (`subaccount_access`), and whether revocation is checked. */
interface Access {
  flags: number;
  skipRevokeCheck?: boolean;
}
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
  /**
   * Ed25519 keys of `05` accounts and their X25519 form: every signed request of an account
   * converts the same key (~0.1 ms each, five times for a poll of ns 0 and 2–5). Bounded: cleared
   * when full.
   */
  private readonly x25519Of = new Map<string, Uint8Array>();
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
      : { status: r.status, body: sortedJson(r.body), contentType: 'application/json' };
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

  /** SS `process_client_req(std::string_view)` and `(method_name, params)` (request_handler.cpp). */
  private async envelope(text: string): Promise<Result> {
    let req: unknown;
    try {
      req = JSON.parse(text);
    } catch {
      return { status: 400, body: 'invalid json' };
    }
    // nlohmann's find() on a non-object finds nothing: such a body has "no method".
    const obj = req !== null && typeof req === 'object' && !Array.isArray(req) ? (req as Params) : {};
    const { method, params } = obj;
    if (typeof method !== 'string') return { status: 400, body: 'invalid json: no `method` field' };
    if (params === null || typeof params !== 'object' || Array.isArray(params))
      return { status: 400, body: 'invalid json: no `params` field' };
    if (method === 'batch' || method === 'sequence') return this.batch(method, params as Params);
    if (!METHODS.has(method)) return { status: 400, body: `no method ${method}` };
    return this.call(method, params as Params);
  }

  private async batch(kind: 'batch' | 'sequence', params: Params): Promise<Result> {
    // SS `batch::load_from(json)` (client_rpc_endpoints.cpp); sequence shares it, so its texts say
    // "batch" too. Every sub-request is parsed here: one malformed sub-request fails the batch.
    const reqs = params.requests;
    if (!Array.isArray(reqs) || reqs.length === 0)
      throw invalid('Invalid batch request: no valid "requests" field');
    if (reqs.length > 20) throw invalid('Invalid batch request: subrequest limit exceeded');
    for (const r of reqs as unknown[]) {
      if (r === null || typeof r !== 'object' || Array.isArray(r))
        throw invalid('Invalid batch request: requests must be objects');
      const { method, params: sub } = r as { method?: unknown; params?: unknown };
      if (typeof method !== 'string' || sub === null || typeof sub !== 'object' || Array.isArray(sub))
        throw invalid('Invalid batch request: subrequests must have method/params keys');
      if (method === 'batch' || method === 'sequence' || method === 'ifelse')
        throw invalid('Invalid batch subrequest: subrequests may not contain meta-requests');
      if (!METHODS.has(method)) throw invalid(`Invalid batch subrequest: invalid method "${method}"`);
      loadRequest(method, sub as Params);
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
        const { pubkey } = loadGetSwarm(p);
        return { status: 200, body: this.swarmJson(this.swarmFor(pubkey.bytes)) };
      }
      case 'oxend_request':
        return this.oxend(p);
      case 'retrieve':
        return this.retrieve(p);
      case 'get_expiries':
        return this.getExpiries(p);
      default:
        // SS parses the whole request (`load_from`) before `process_client_req` checks the swarm:
        // a malformed request gets its 400, never a 421.
        loadRequest(method, p);
        return this.recursive(method, p);
    }
  }

  // ---- swarms --------------------------------------------------------------------------------
  private swarmFor(pubkey33: Uint8Array): bigint {
    const ids = this.o.network.nodes().map((n) => n.swarmId);
    return ids.length === 0 ? this.o.identity.swarmId : closestSwarm(swarmSpace(pubkey33), ids);
  }

  /**
   * SS `snode::swarm_to_json` (snode/swarm.cpp `snode_fields`) + `add_misc_response_fields`; the
   * keys come out sorted (see json.ts), as there. The devnet's legacy key is its ed25519 key, as on
   * modern nodes; `address` is its z-base-32 form. `port_omq` and `port_quic` are one port on the
   * real server (`omq_quic_port`): here the one the node list gives as `storage_lmq_port`.
   */
  swarmJson(swarm: bigint): Record<string, unknown> {
    const snodes = this.o.network
      .nodes()
      .filter((n) => n.swarmId === swarm)
      .map((n) => ({
        address: `${toBase32z(n.ed25519Pk)}.snode`,
        ip: n.ip,
        port: String(n.portHttps),
        port_https: n.portHttps,
        port_omq: n.portHttps + 1,
        port_quic: n.portHttps + 1,
        pubkey_ed25519: toHex(n.ed25519Pk),
        pubkey_legacy: toHex(n.ed25519Pk),
        pubkey_x25519: toHex(n.x25519Pk),
      }));
    return { snodes, swarm: swarmIdToHex(swarm), ...this.misc() };
  }

  private checkSwarm(pubkey33: Uint8Array): void {
    const swarm = this.swarmFor(pubkey33);
    if (swarm !== this.o.identity.swarmId) throw new RpcError(421, 'wrong swarm', this.swarmJson(swarm));
  }

  // ---- authentication ------------------------------------------------------------------------
  /**
   * SS `verify_signature` (request_handler.cpp): a 05 key with `pubkey_ed25519` must be its Ed→X
   * conversion; a subaccount token must not be revoked (unless the namespace is unrevocable), must
   * carry the flags, match the account prefix (or allow any prefix) and be signed by the account
   * key; then the request signature is checked with the token's key. It only answers true/false,
   * so every one of these failures is the method's single `401 <failText>`.
   */
  private async verifyAuth(
    pubkey: AccountKey,
    auth: Auth,
    message: Uint8Array,
    failText: string,
    access: Access = { flags: READ },
  ): Promise<void> {
    const fail = () => new RpcError(401, failText);
    const ok = async (sig: Uint8Array, msg: Uint8Array, key: Uint8Array) => {
      try {
        return await verify(sig, msg, key);
      } catch {
        return false;
      }
    };
    let key = pubkey.bytes.subarray(1);
    if (pubkey.bytes[0] === 0x05 && auth.pubkeyEd25519) {
      const edHex = toHex(auth.pubkeyEd25519);
      let x = this.x25519Of.get(edHex);
      if (x === undefined) {
        try {
          x = await ed25519PkToX25519(auth.pubkeyEd25519);
        } catch {
          throw fail();
        }
        if (this.x25519Of.size >= 4096) this.x25519Of.clear();
        this.x25519Of.set(edHex, x);
      }
      if (!bytesEqual(x, key)) throw fail();
      key = auth.pubkeyEd25519;
    }
    const sub = auth.subaccount;
    if (sub) {
      if (!access.skipRevokeCheck) {
        const revoked = this.o.db
          .prepare('SELECT 1 FROM revocations WHERE pubkey = ? AND token = ?')
          .get(pubkey.hex, Buffer.from(sub.token));
        if (revoked) throw fail();
      }
      const [prefix, flags] = [sub.token[0]!, sub.token[1]!];
      if (prefix !== pubkey.bytes[0] && (flags & ANY_PREFIX) === 0) throw fail();
      if ((flags & access.flags) !== access.flags) throw fail();
      if (!(await ok(sub.signature, sub.token, key))) throw fail();
      key = sub.token.subarray(4);
    }
    if (!(await ok(auth.signature, message, key))) throw fail();
  }

  // ---- store ---------------------------------------------------------------------------------
  private async storeLocal(p: Params, forwarded: boolean): Promise<Record<string, unknown>> {
    const r = loadStore(p);
    const pk = r.pubkey;
    this.checkSwarm(pk.bytes);
    const { namespace: ns, timestamp, expiry, data } = r;
    // SS `process_client_req(store&&)`: TTL, then the clock, then the signature.
    const maxTtl = isPublicInbox(ns) ? 14 * DAY : 30 * DAY;
    if (expiry - timestamp < 10_000 || expiry - timestamp > maxTtl)
      throw new RpcError(403, 'Provided expiry/TTL is not valid.');
    const now = this.now();
    if (timestamp > now + 10_000 || expiry < now - 10_000)
      throw new RpcError(406, 'Timestamp error: check your clock');
    if (!isPublicInbox(ns)) {
      if (!r.auth) throw new RpcError(401, `store: signature required to store to namespace ${ns}`);
      // The plain 60 s window, forwarded or not (SS uses SIGNATURE_TOLERANCE here).
      const sigTs = r.sigTimestamp!;
      within(now, sigTs, SIG_WINDOW, 'store signature timestamp too far from current time');
      await this.verifyAuth(
        pk,
        r.auth,
        utf8(`store${nsStr(ns)}${sigTs}`),
        'store signature verification failed',
        {
          // A store to a public outbox replaces its message: a token needs delete too.
          flags: isPublicOutbox(ns) ? WRITE | DELETE : WRITE,
        },
      );
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
          // SS `process_client_req(store&&)` stores `message{…, req.timestamp, req.expiry, …}`:
          // the client's timestamp, which every replica gets in the forwarded request, so all
          // replicas hold the same timestamp and expiry whatever their clocks say.
        ).run(pk.hex, ns, hash, data, timestamp, expiry);
      })();
    }
    const signature = toBase64(await sign(utf8(hash), this.o.identity.ed25519Sk));
    return { hash, signature, expiry: finalExpiry, ...(already ? { already: forwarded ? 1 : true } : {}) };
  }

  // ---- retrieve ------------------------------------------------------------------------------
  private async retrieve(p: Params): Promise<Result> {
    const r = loadRetrieve(p);
    const pk = r.pubkey;
    this.checkSwarm(pk.bytes);
    const ns = r.namespace;
    // SS `process_client_req(retrieve&&)`; errata E3 for when the 401 and when the parser's 400.
    if (!isNoAuthRetrieve(ns) && !r.signed) throw new RpcError(401, 'retrieve: request signature required');
    if (r.signed) {
      within(this.now(), r.timestamp!, SIG_WINDOW, 'retrieve timestamp too far from current time');
      await this.verifyAuth(
        pk,
        r.auth!,
        utf8(`retrieve${nsStr(ns)}${r.timestamp}`),
        'retrieve signature verification failed',
        { flags: READ, skipRevokeCheck: isUnrevocable(ns) },
      );
    }
    const lastHash = r.lastHash ?? '';
    // 0 means unspecified; neither given → 1/5 of the maximum; negative → that fraction of it.
    const maxCount = r.maxCount === 0 ? undefined : r.maxCount;
    let sizeParam = r.maxSize === 0 ? undefined : r.maxSize;
    if (maxCount === undefined && sizeParam === undefined) sizeParam = -5;
    const maxSize =
      sizeParam !== undefined && sizeParam < 0
        ? Math.floor(MAX_RETRIEVE / -sizeParam)
        : sizeParam === undefined || sizeParam > MAX_RETRIEVE
          ? MAX_RETRIEVE
          : sizeParam;

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
    const r = loadGetExpiries(p);
    const pk = r.pubkey;
    this.checkSwarm(pk.bytes);
    // SS `process_client_req(get_expiries&&)`.
    within(this.now(), r.timestamp, SIG_WINDOW, 'get_expiries timestamp too far from current time');
    await this.verifyAuth(
      pk,
      r.auth,
      utf8(`get_expiries${r.timestamp}${r.messages.join('')}`),
      'get_expiries signature verification failed',
      { flags: READ },
    );
    const expiries: Record<string, number> = {};
    for (const h of r.messages) {
      const row = this.o.db
        .prepare('SELECT expiry FROM messages WHERE hash = ? AND pubkey = ? AND expiry > ?')
        .get(h, pk.hex, this.now()) as { expiry: number } | undefined;
      if (row) expiries[h] = row.expiry;
    }
    return { status: 200, body: { expiries } };
  }

  // ---- recursive methods ---------------------------------------------------------------------
  private async recursive(method: string, p: Params): Promise<Result> {
    const pk = pubkeyParam(p, method);
    this.checkSwarm(pk.bytes);
    // The entry node runs the request itself first: its refusals are the request's refusals.
    const mine = await this.local(method, p, false);
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
          const r = await Promise.race([this.o.network.forward(hex, method, p), timedOut]);
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
  async handlePeer(method: string, params: unknown): Promise<Record<string, unknown>> {
    return this.local(method, params as Params, true);
  }

  private async local(method: string, p: Params, forwarded: boolean): Promise<Record<string, unknown>> {
    switch (method) {
      case 'store':
        return this.storeLocal(p, forwarded);
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
    const { pubkey: pk, auth, messages: hashes } = loadDelete(p);
    // SS `process_client_req(delete_msgs&&)`: the internal name shows in the text.
    await this.verifyAuth(
      pk,
      auth,
      utf8(`delete${hashes.join('')}`),
      'delete_msgs signature verification failed',
      {
        flags: DELETE,
      },
    );
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
    const { pubkey: pk, auth, namespace: ns, time: ts } = loadNamespaced(p, 'timestamp');
    // SS `process_client_req(delete_all&&)`: forwarded copies get the wider window.
    within(
      this.now(),
      ts,
      forwarded ? FORWARDED_WINDOW : SIG_WINDOW,
      'delete_all timestamp too far from current time',
    );
    await this.verifyAuth(
      pk,
      auth,
      utf8(`delete_all${nsStr(ns)}${ts}`),
      'delete_all signature verification failed',
      {
        flags: DELETE,
      },
    );
    const deleted = this.deleteWhere(pk.hex, ns, 'id >= ?', 0);
    const flat = Array.isArray(deleted) ? deleted : Object.values(deleted).flat().sort();
    return { deleted, signature: await this.nodeSig(pk.hex, String(ts), ...flat) };
  }

  private async deleteBeforeLocal(p: Params): Promise<Record<string, unknown>> {
    const { pubkey: pk, auth, namespace: ns, time: before } = loadNamespaced(p, 'before');
    // SS `process_client_req(delete_before&&)`.
    if (before > this.now() + 60_000)
      throw new RpcError(401, 'delete_before timestamp too far in the future');
    await this.verifyAuth(
      pk,
      auth,
      utf8(`delete_before${nsStr(ns)}${before}`),
      'delete_before signature verification failed',
      { flags: DELETE },
    );
    // errata E6: the intended behaviour for "all" (2.8.0 answers 500 there), not the bug.
    const deleted = this.deleteWhere(pk.hex, ns, 'timestamp < ?', before);
    const flat = Array.isArray(deleted) ? deleted : Object.values(deleted).flat().sort();
    return { deleted, signature: await this.nodeSig(pk.hex, String(before), ...flat) };
  }

  private async expireLocal(p: Params): Promise<Record<string, unknown>> {
    const r = loadExpire(p);
    const { pubkey: pk, auth, messages: hashes, shorten, extend } = r;
    // SS `process_client_req(expire_msgs&&)`: past expiries first, then the signature.
    const now = this.now();
    if (r.expiry.some((e) => e < now - 60_000))
      throw new RpcError(401, 'expire: timestamp should be >= current time');
    const applied = r.expiry.map((e) => Math.min(e, now + 30 * DAY));
    const mode = shorten ? 'shorten' : extend ? 'extend' : '';
    await this.verifyAuth(
      pk,
      auth,
      utf8(`expire${mode}${r.expiry.join('')}${hashes.join('')}`),
      'expire: signature verification failed',
      { flags: WRITE },
    );
    // A token without delete may only extend: shortening is almost deleting.
    let extendOnly = extend;
    if (auth.subaccount && (auth.subaccount.token[1]! & DELETE) === 0) {
      if (shorten) {
        throw new RpcError(
          400,
          'expire: shorten parameter cannot be used with this subaccount token (missing delete access)',
        );
      }
      extendOnly = true;
    }
    const multi = r.expiry.length > 1;
    const db = this.o.db;
    const current = (h: string) =>
      db
        .prepare('SELECT expiry FROM messages WHERE hash = ? AND pubkey = ? AND expiry > ?')
        .get(h, pk.hex, now) as { expiry: number } | undefined;
    const updatedPairs: [string, number][] = [];
    hashes.forEach((h, i) => {
      const target = applied[multi ? i : 0]!;
      const row = current(h);
      if (!row) return;
      if ((shorten && target >= row.expiry) || (extendOnly && target <= row.expiry)) return;
      db.prepare('UPDATE messages SET expiry = ? WHERE hash = ?').run(target, h);
      updatedPairs.push([h, target]);
    });
    updatedPairs.sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
    const updated = updatedPairs.map(([h]) => h);
    const unchanged: Record<string, number> = {};
    if (shorten || extend) {
      const done = new Set(updated);
      for (const h of hashes) {
        const row = done.has(h) ? undefined : current(h);
        if (row) unchanged[h] = row.expiry;
      }
    }
    // With several expiries, `expiry` is those actually applied, in the order of `updated`.
    const expiryOut = multi ? updatedPairs.map(([, e]) => e) : applied[0]!;
    const unchangedSorted = Object.keys(unchanged).sort();
    const sig = await this.nodeSig(
      pk.hex,
      Array.isArray(expiryOut) ? expiryOut.join('') : String(expiryOut),
      ...hashes,
      ...updated,
      ...unchangedSorted.flatMap((h) => [h, String(unchanged[h])]),
    );
    return { updated, ...(shorten || extend ? { unchanged } : {}), expiry: expiryOut, signature: sig };
  }

  private async expireAllLocal(p: Params): Promise<Record<string, unknown>> {
    const { pubkey: pk, auth, namespace: ns, time: expiry } = loadNamespaced(p, 'expiry');
    // SS `process_client_req(expire_all&&)` (no colon in this one's text).
    if (expiry < this.now() - SIG_WINDOW)
      throw new RpcError(406, 'expire_all timestamp should be >= current time');
    await this.verifyAuth(
      pk,
      auth,
      utf8(`expire_all${nsStr(ns)}${expiry}`),
      'expire_all signature verification failed',
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

  private async revokeLocal(
    method: string,
    p: Params,
    _forwarded: boolean,
  ): Promise<Record<string, unknown>> {
    const m = method === 'revoke_subaccount' ? 'revoke_subaccount' : 'unrevoke_subaccount';
    // Subaccount fields are not even read: the account key itself must sign.
    const { pubkey: pk, auth, timestamp: ts, tokens } = loadRevoke(p, m);
    // SS `process_client_req(revoke_subaccount&&)`: the plain 60 s window, forwarded or not.
    within(this.now(), ts, SIG_WINDOW, `${m} timestamp too far from current time`);
    await this.verifyAuth(
      pk,
      auth,
      concatBytes(utf8(`${m}${ts}`), ...tokens),
      `${m} signature verification failed`,
      {
        flags: 0,
      },
    );
    const db = this.o.db;
    let count = 0;
    db.transaction(() => {
      for (const t of tokens) {
        if (m === 'revoke_subaccount') {
          db.prepare('INSERT OR IGNORE INTO revocations (pubkey, token, created) VALUES (?, ?, ?)').run(
            pk.hex,
            Buffer.from(t),
            this.now(),
          );
        } else {
          count += db
            .prepare('DELETE FROM revocations WHERE pubkey = ? AND token = ?')
            .run(pk.hex, Buffer.from(t)).changes;
        }
      }
      // At most 50 stored revocations per account: the oldest go first.
      db.prepare(
        'DELETE FROM revocations WHERE pubkey = ? AND rowid NOT IN (SELECT rowid FROM revocations WHERE pubkey = ? ORDER BY created DESC LIMIT 50)',
      ).run(pk.hex, pk.hex);
    })();
    const signature = await this.nodeSig(pk.hex, String(ts), ...tokens);
    // Only unrevoke reports a count on 2.8.0 (network.md §6.4).
    return m === 'unrevoke_subaccount' ? { count, signature } : { signature };
  }

  // ---- oxend ---------------------------------------------------------------------------------
  /** SS `load(oxend_request&)`: only get_service_nodes and ons_resolve are passed to oxend. */
  private oxend(p: Params): Result {
    const { endpoint, params } = loadOxendRequest(p);
    if (endpoint === 'get_service_nodes') {
      const result = serviceNodeStates(
        this.o.network.nodes(),
        params.fields,
        Math.floor(this.now() / 120_000),
      );
      return { status: 200, body: { result: { ...result, status: 'OK' }, ...this.misc() } };
    }
    const type = typeof params.type === 'number' ? params.type : 0;
    const nameHash = params.name_hash;
    // oxend's own refusal text: UNVERIFIED.
    if (typeof nameHash !== 'string') return { status: 400, body: 'invalid name_hash' };
    const rec = type === 0 ? this.o.network.onsLookup(nameHash, type) : undefined;
    return { status: 200, body: { result: rec ?? {}, ...this.misc() } };
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
