import { invalid, RpcError } from './errors.js';

/**
 * Request parsing the way session-storage-server parses `/storage_rpc/v1` params (network.md §6.2,
 * errata E1/E3/E5). Every refusal here is `400 invalid request: <text>`; the texts were read in
 * SS `oxenss/rpc/client_rpc_endpoints.cpp` (session-foundation, `parse_field`, `require`,
 * `require_exactly_one_of`, `load_pk`, `load_pk_signature`, `load_subaccount` and each
 * `load(<method>&)`). As there, each method first type-checks all its fields in alphabetical order
 * (`load_fields`), then checks presence and meaning in the order of its `load`, so when a request
 * has several faults the same one is reported as by the real server.
 */
export type Params = Record<string, unknown>;

export interface AccountKey {
  hex: string;
  /** Prefix byte + 32-byte key. */
  bytes: Uint8Array;
}

export interface Subaccount {
  token: Uint8Array;
  signature: Uint8Array;
}

/** What `load_pk_signature` + `load_subaccount` leave in a request: parsed, not verified. */
export interface Auth {
  signature: Uint8Array;
  pubkeyEd25519?: Uint8Array;
  subaccount?: Subaccount;
}

export const NAMESPACE_MIN = -32768;
export const NAMESPACE_MAX = 32767;
/** `store::MAX_MESSAGE_BODY` (network.md §6.8). */
export const MAX_MESSAGE_BODY = 76_800;
const SUBACCOUNT_TOKEN_LENGTH = 36;
/** `MAX_SUBACCOUNT_TOKENS` — the value is network.md §6.4's "≤ 50 per call" (constant not read). */
const MAX_SUBACCOUNT_TOKENS = 50;

// ---- encodings (oxenc semantics) ------------------------------------------------------------

/**
 * `oxenc::is_base64`: standard or URL-safe alphabet, optional `=`/`==` padding only when it pads
 * to a multiple of 4, never a length of 4n+1.
 */
export function isBase64(s: string): boolean {
  if (s.length % 4 === 1) return false;
  let body = s;
  if (s.length > 0 && s.length % 4 === 0) body = s.replace(/={1,2}$/, '');
  return /^[A-Za-z0-9+/_-]*$/.test(body);
}

export function decodeBase64(s: string): Uint8Array {
  return new Uint8Array(Buffer.from(s.replace(/-/g, '+').replace(/_/g, '/'), 'base64'));
}

/** `oxenc::is_hex`: an even number of hex digits. */
export const isHex = (s: string): boolean => s.length % 2 === 0 && /^[0-9a-fA-F]*$/.test(s);

const rawBytes = (s: string): Uint8Array => new Uint8Array(Buffer.from(s, 'utf8'));

// ---- parse_field -----------------------------------------------------------------------------

const present = (p: Params, name: string): boolean => p[name] !== undefined && p[name] !== null;
const wrongType = (name: string, desc: string) =>
  invalid(`Invalid value given for '${name}': expected ${desc}`);
const isInt = (v: unknown): v is number => typeof v === 'number' && Number.isInteger(v);
const isUint = (v: unknown): v is number => isInt(v) && v >= 0;

export function str(p: Params, name: string): string | undefined {
  if (!present(p, name)) return undefined;
  const v = p[name];
  if (typeof v !== 'string') throw wrongType(name, 'string');
  return v;
}

export function int(p: Params, name: string): number | undefined {
  if (!present(p, name)) return undefined;
  const v = p[name];
  if (!isInt(v)) throw wrongType(name, 'integer');
  return v;
}

export function bool(p: Params, name: string): boolean | undefined {
  if (!present(p, name)) return undefined;
  const v = p[name];
  if (typeof v !== 'boolean') throw wrongType(name, 'boolean');
  return v;
}

/** A `system_clock::time_point` field: unsigned ms; below 10^9 ms is "not milliseconds" (E1). */
export function timestamp(p: Params, name: string): number | undefined {
  if (!present(p, name)) return undefined;
  const v = p[name];
  if (!isUint(v)) throw wrongType(name, 'integer timestamp (in milliseconds)');
  if (v < 1_000_000_000) throw invalid(`Invalid timestamp for '${name}': timestamp must be in milliseconds`);
  return v;
}

/** A `namespace_id` field. */
export function namespaceId(p: Params, name = 'namespace'): number | undefined {
  if (!present(p, name)) return undefined;
  const v = p[name];
  if (!isInt(v)) throw wrongType(name, '16-bit integer');
  if (v < NAMESPACE_MIN || v > NAMESPACE_MAX)
    throw invalid(`Invalid value given for '${name}': value out of range`);
  return v;
}

/** A `namespace_var` field: an int16 or the string "all". */
export function namespaceVar(p: Params, name = 'namespace'): number | 'all' | undefined {
  if (!present(p, name)) return undefined;
  const v = p[name];
  if (isInt(v)) {
    if (v < NAMESPACE_MIN || v > NAMESPACE_MAX)
      throw invalid(`Invalid value given for '${name}': value out of range`);
    return v;
  }
  if (v === 'all') return 'all';
  throw wrongType(name, 'integer or "all"');
}

/** A string array field; a single string is accepted as a one-element array. */
export function stringArray(p: Params, name: string): string[] | undefined {
  if (!present(p, name)) return undefined;
  const v = p[name];
  if (typeof v === 'string') return [v];
  if (!Array.isArray(v) || !v.every((x) => typeof x === 'string')) throw wrongType(name, 'string array');
  return v;
}

/** A timestamp array field (no "milliseconds" check here: `from_epoch_ms` only). */
export function timestampArray(p: Params, name: string): number[] | undefined {
  if (!present(p, name)) return undefined;
  const v = p[name];
  if (isUint(v)) return [v];
  if (!Array.isArray(v) || !v.every(isUint)) throw wrongType(name, 'timestamp array');
  return v;
}

/** `parse_stringified<int64_t|uint64_t>`: an integer, or a string holding one (store ttl/timestamp). */
export function stringified(p: Params, name: string, unsigned: boolean): number | undefined {
  const v = p[name];
  if (typeof v === 'string') {
    if (!(unsigned ? /^\d+$/ : /^-?\d+$/).test(v))
      throw invalid(`Invalid value given for '${name}': ${JSON.stringify(v)}`);
    return Number(v);
  }
  if (!present(p, name)) return undefined;
  if (unsigned ? !isUint(v) : !isInt(v)) throw wrongType(name, unsigned ? 'positive integer' : 'integer');
  return v as number;
}

export function require<T>(name: string, v: T | undefined): T {
  if (v === undefined) throw invalid(`Required field '${name}' missing`);
  return v;
}

function exactlyOne<T>(first: string, a: T | undefined, second: string, b: T | undefined, alias: boolean): T {
  if (a !== undefined && b !== undefined) throw invalid(`Cannot specify both '${first}' and '${second}'`);
  if (a === undefined && b === undefined)
    throw invalid(
      alias ? `Required field '${first}' missing` : `Required field '${first}' or '${second}' missing`,
    );
  return (a ?? b)!;
}

// ---- pubkeys and signatures ------------------------------------------------------------------

/** `user_pubkey::load` on mainnet: 66 hex digits, or 33 raw bytes. */
function parsePubkey(v: string): AccountKey | undefined {
  if (v.length === 66 && isHex(v)) {
    const hex = v.toLowerCase();
    return { hex, bytes: new Uint8Array(Buffer.from(hex, 'hex')) };
  }
  const raw = rawBytes(v);
  if (raw.length === 33) return { hex: Buffer.from(raw).toString('hex'), bytes: raw };
  return undefined;
}

/** `load_pk`. */
export function loadPk(v: string | undefined): AccountKey {
  const pk = parsePubkey(require('pubkey', v));
  if (!pk) throw invalid('Pubkey must be 66 hex digits (33 bytes) long');
  return pk;
}

/** For the fan-out code that only needs the account of an already-validated request. */
export function pubkeyParam(p: Params, method: string): AccountKey {
  if (method === 'get_swarm' || method === 'get_snodes_for_pubkey') return loadGetSwarm(p).pubkey;
  return loadPk(str(p, 'pubkey') ?? str(p, 'pubKey'));
}

function signature64(s: string, text: string): Uint8Array {
  if (!isBase64(s) || !(s.length === 86 || (s.length === 88 && s.endsWith('==')))) throw invalid(text);
  return decodeBase64(s);
}

/** `load_pk_signature`: pubkey, then `signature` required, then `pubkey_ed25519`, then the format. */
function loadPkSignature(
  pkStr: string | undefined,
  pkEd: string | undefined,
  sig: string | undefined,
): { pubkey: AccountKey; auth: Auth } {
  const pubkey = loadPk(pkStr);
  const s = require('signature', sig);
  const auth: Auth = { signature: new Uint8Array(64) };
  if (pkEd !== undefined) {
    if (pubkey.bytes[0] !== 0x05) throw invalid('pubkey_ed25519 is only permitted for 05[...] pubkeys');
    if (pkEd.length === 64) {
      if (!isHex(pkEd)) throw invalid('invalid pubkey_ed25519: value is not hex');
      auth.pubkeyEd25519 = new Uint8Array(Buffer.from(pkEd, 'hex'));
    } else if (rawBytes(pkEd).length === 32) {
      auth.pubkeyEd25519 = rawBytes(pkEd);
    } else {
      throw invalid('Invalid pubkey_ed25519: expected 64 hex char or 32 byte pubkey');
    }
  }
  auth.signature = signature64(s, 'invalid signature: expected base64 encoded Ed25519 signature');
  return { pubkey, auth };
}

/** `load_subaccount`: an absent or empty `subaccount` means none (its signature is then ignored). */
function loadSubaccount(auth: Auth, sub: string | undefined, subSig: string | undefined): void {
  if (sub === undefined || sub === '') return;
  if (subSig === undefined)
    throw invalid('invalid subaccount: subaccount_sig is required when using subaccount');
  let token: Uint8Array;
  if (isBase64(sub) && sub.length === (SUBACCOUNT_TOKEN_LENGTH * 4) / 3) token = decodeBase64(sub);
  else if (isHex(sub) && sub.length === SUBACCOUNT_TOKEN_LENGTH * 2)
    token = new Uint8Array(Buffer.from(sub, 'hex'));
  else throw invalid('invalid subaccount: expected base64 or hex-encoded subaccount token');
  const signature = signature64(
    subSig,
    'invalid subaccount signature: expected base64 encoded Ed25519 signature',
  );
  auth.subaccount = { token, signature };
}

/** Token lists of revoke/unrevoke (`load(revoke_subaccount&)`, `load(unrevoke_subaccount&)`). */
function tokenList(list: string[], field: 'revoke' | 'unrevoke'): Uint8Array[] {
  return list.map((t) => {
    if (isBase64(t) && t.length === (SUBACCOUNT_TOKEN_LENGTH * 4) / 3) return decodeBase64(t);
    if (isHex(t) && t.length === SUBACCOUNT_TOKEN_LENGTH * 2) return new Uint8Array(Buffer.from(t, 'hex'));
    throw invalid(`invalid ${field}: expected base64 or hex-encoded subaccount tag`);
  });
}

/** `is_valid_message_hash`: 43 base64 characters. */
export const isMessageHash = (h: string): boolean => h.length === 43 && isBase64(h);

function messageList(messages: string[] | undefined, checkHashes: boolean): string[] {
  const list = require('messages', messages);
  if (list.length === 0) throw invalid('messages does not contain any message hashes');
  if (checkHashes) for (const m of list) if (!isMessageHash(m)) throw invalid(`invalid message hash: ${m}`);
  return list;
}

// ---- one loader per method (SS `load(<method>&, json)`) -------------------------------------

export interface StoreRequest {
  pubkey: AccountKey;
  namespace: number;
  timestamp: number;
  expiry: number;
  data: Uint8Array;
  auth?: Auth;
  sigTimestamp?: number;
}

export function loadStore(p: Params): StoreRequest {
  const data = str(p, 'data');
  const expiry = timestamp(p, 'expiry');
  const ns = namespaceId(p);
  const pubKeyAlt = str(p, 'pubKey');
  const pubkey = str(p, 'pubkey');
  const pkEd = str(p, 'pubkey_ed25519');
  const sigTs = timestamp(p, 'sig_timestamp');
  const sig = str(p, 'signature');
  const sub = str(p, 'subaccount');
  const subSig = str(p, 'subaccount_sig');
  // Backwards compatibility: both may be stringified integers (errata E1: no ms check here).
  const ts = stringified(p, 'timestamp', false);
  const ttl = stringified(p, 'ttl', true);
  const t = require('timestamp', ts);
  exactlyOne('expiry', expiry, 'ttl', ttl, false);
  const pk = exactlyOne('pubkey', pubkey, 'pubKey', pubKeyAlt, true);
  let key: AccountKey;
  let auth: Auth | undefined;
  if (sig !== undefined) {
    ({ pubkey: key, auth } = loadPkSignature(pk, pkEd, sig));
    loadSubaccount(auth, sub, subSig);
  } else key = loadPk(pk);
  const d = require('data', data);
  if (!isBase64(d)) throw invalid("Invalid 'data' value: not base64 encoded");
  // The limit is on the base64 text (MAX_MESSAGE_BODY is divisible by 3: no padding at the limit).
  if (d.length > (MAX_MESSAGE_BODY / 3) * 4)
    throw invalid(`Message body exceeds maximum allowed length of ${MAX_MESSAGE_BODY} bytes`);
  return {
    pubkey: key,
    namespace: ns ?? 0,
    timestamp: t,
    expiry: expiry ?? t + ttl!,
    data: decodeBase64(d),
    ...(auth ? { auth, sigTimestamp: sigTs ?? t } : {}),
  };
}

export interface RetrieveRequest {
  pubkey: AccountKey;
  namespace: number;
  /** Whether the request is signed (then `auth` and `timestamp` are set). */
  signed: boolean;
  auth?: Auth;
  timestamp?: number;
  lastHash?: string;
  maxCount?: number;
  maxSize?: number;
}

/** Namespaces readable without a signature (`is_noauth_retrieve_namespace`). */
export const isNoAuthRetrieve = (ns: number): boolean => ns === -10 || (ns < 0 && -ns % 20 === 1);

export function loadRetrieve(p: Params): RetrieveRequest {
  const lastHashAlt = str(p, 'lastHash');
  let lastHash = str(p, 'last_hash');
  const maxCount = int(p, 'max_count');
  const maxSize = int(p, 'max_size');
  const ns = namespaceId(p);
  const pubKeyAlt = str(p, 'pubKey');
  const pubkey = str(p, 'pubkey');
  const pkEd = str(p, 'pubkey_ed25519');
  bool(p, 'reverse_direction');
  const sig = str(p, 'signature');
  const sub = str(p, 'subaccount');
  const subSig = str(p, 'subaccount_sig');
  const ts = timestamp(p, 'timestamp');
  const pk = exactlyOne('pubkey', pubkey, 'pubKey', pubKeyAlt, true);
  const r: RetrieveRequest = {
    pubkey: undefined as unknown as AccountKey,
    namespace: ns ?? 0,
    signed: false,
  };
  // errata E3: any auth field, or a named namespace that needs auth, makes the signature required.
  if (
    pkEd !== undefined ||
    sig !== undefined ||
    ts !== undefined ||
    (ns !== undefined && !isNoAuthRetrieve(ns))
  ) {
    const loaded = loadPkSignature(pk, pkEd, sig);
    r.pubkey = loaded.pubkey;
    r.auth = loaded.auth;
    loadSubaccount(loaded.auth, sub, subSig);
    // SS dereferences the optional timestamp without checking it (undefined behaviour); a
    // missing timestamp then fails the clock window, so we use epoch 0. UNVERIFIED on the wire.
    r.timestamp = ts ?? 0;
    r.signed = true;
  } else r.pubkey = loadPk(pk);
  if (lastHash !== undefined && lastHashAlt !== undefined)
    throw invalid("Cannot specify both 'last_hash' and 'lastHash'");
  lastHash ??= lastHashAlt;
  if (lastHash !== undefined && lastHash !== '') {
    if (lastHash.length !== 43) throw invalid('Invalid last_hash: expected base64 (43 chars)');
    if (!isBase64(lastHash)) throw invalid('Invalid last_hash: not base64');
    r.lastHash = lastHash;
  }
  if (maxCount !== undefined) r.maxCount = maxCount;
  if (maxSize !== undefined) r.maxSize = maxSize;
  return r;
}

export interface DeleteRequest {
  pubkey: AccountKey;
  auth: Auth;
  messages: string[];
  required: boolean;
}

export function loadDelete(p: Params): DeleteRequest {
  const messages = stringArray(p, 'messages');
  const pubkey = str(p, 'pubkey');
  const pkEd = str(p, 'pubkey_ed25519');
  const required = bool(p, 'required');
  const sig = str(p, 'signature');
  const sub = str(p, 'subaccount');
  const subSig = str(p, 'subaccount_sig');
  const { pubkey: key, auth } = loadPkSignature(pubkey, pkEd, sig);
  loadSubaccount(auth, sub, subSig);
  return { pubkey: key, auth, messages: messageList(messages, true), required: required ?? false };
}

export interface NamespacedRequest {
  pubkey: AccountKey;
  auth: Auth;
  namespace: number | 'all';
  /** `timestamp` (delete_all), `before` (delete_before) or `expiry` (expire_all). */
  time: number;
}

/** delete_all, delete_before and expire_all share one shape; only the time field differs. */
export function loadNamespaced(p: Params, timeField: 'timestamp' | 'before' | 'expiry'): NamespacedRequest {
  // load_fields order is alphabetical: before/expiry sort first, timestamp last.
  const early = timeField === 'timestamp' ? undefined : timestamp(p, timeField);
  const ns = namespaceVar(p);
  const pubkey = str(p, 'pubkey');
  const pkEd = str(p, 'pubkey_ed25519');
  const sig = str(p, 'signature');
  const sub = str(p, 'subaccount');
  const subSig = str(p, 'subaccount_sig');
  const late = timeField === 'timestamp' ? timestamp(p, timeField) : early;
  const { pubkey: key, auth } = loadPkSignature(pubkey, pkEd, sig);
  loadSubaccount(auth, sub, subSig);
  return { pubkey: key, auth, namespace: ns ?? 0, time: require(timeField, late) };
}

export interface ExpireRequest {
  pubkey: AccountKey;
  auth: Auth;
  expiry: number[];
  shorten: boolean;
  extend: boolean;
  messages: string[];
}

export function loadExpire(p: Params): ExpireRequest {
  const expiry = timestampArray(p, 'expiry');
  const extend = bool(p, 'extend');
  const messages = stringArray(p, 'messages');
  const pubkey = str(p, 'pubkey');
  const pkEd = str(p, 'pubkey_ed25519');
  const shorten = bool(p, 'shorten');
  const sig = str(p, 'signature');
  const sub = str(p, 'subaccount');
  const subSig = str(p, 'subaccount_sig');
  const { pubkey: key, auth } = loadPkSignature(pubkey, pkEd, sig);
  loadSubaccount(auth, sub, subSig);
  const exp = require('expiry', expiry);
  if (exp.length === 0) throw invalid("'expiry' does not contain any expiration timestamps");
  if (shorten === true && extend === true) throw invalid("cannot specify both 'shorten' and 'extend'");
  const list = messageList(messages, false);
  if (exp.length > 1 && exp.length !== list.length)
    throw invalid("'expiry' must be a single expiry, or the same length as 'messages'");
  for (const m of list) if (!isMessageHash(m)) throw invalid(`invalid message hash: ${m}`);
  return {
    pubkey: key,
    auth,
    expiry: exp,
    shorten: shorten ?? false,
    extend: extend ?? false,
    messages: list,
  };
}

export interface GetExpiriesRequest {
  pubkey: AccountKey;
  auth: Auth;
  timestamp: number;
  messages: string[];
}

export function loadGetExpiries(p: Params): GetExpiriesRequest {
  const messages = stringArray(p, 'messages');
  const pubkey = str(p, 'pubkey');
  const pkEd = str(p, 'pubkey_ed25519');
  const sig = str(p, 'signature');
  const sub = str(p, 'subaccount');
  const subSig = str(p, 'subaccount_sig');
  const ts = timestamp(p, 'timestamp');
  const { pubkey: key, auth } = loadPkSignature(pubkey, pkEd, sig);
  loadSubaccount(auth, sub, subSig);
  const t = require('timestamp', ts);
  // get_expiries does not check the hashes' format (SS `load(get_expiries&)`).
  return { pubkey: key, auth, timestamp: t, messages: messageList(messages, false) };
}

export interface RevokeRequest {
  pubkey: AccountKey;
  auth: Auth;
  timestamp: number;
  tokens: Uint8Array[];
}

/** revoke_subaccount / unrevoke_subaccount: no subaccount fields are read at all. */
export function loadRevoke(p: Params, method: 'revoke_subaccount' | 'unrevoke_subaccount'): RevokeRequest {
  const pubkey = str(p, 'pubkey');
  const pkEd = str(p, 'pubkey_ed25519');
  if (method === 'revoke_subaccount') {
    const revoke = stringArray(p, 'revoke');
    const sig = str(p, 'signature');
    const ts = timestamp(p, 'timestamp');
    const { pubkey: key, auth } = loadPkSignature(pubkey, pkEd, sig);
    const list = require('revoke', revoke);
    if (list.length > MAX_SUBACCOUNT_TOKENS)
      throw invalid(`invalid revoke: cannot revoke more than ${MAX_SUBACCOUNT_TOKENS} subaccounts at once`);
    const tokens = tokenList(list, 'revoke');
    return { pubkey: key, auth, tokens, timestamp: require('timestamp', ts) };
  }
  const sig = str(p, 'signature');
  const ts = timestamp(p, 'timestamp');
  const unrevoke = stringArray(p, 'unrevoke');
  const { pubkey: key, auth } = loadPkSignature(pubkey, pkEd, sig);
  const t = require('timestamp', ts);
  return { pubkey: key, auth, timestamp: t, tokens: tokenList(require('unrevoke', unrevoke), 'unrevoke') };
}

/** get_swarm: note the different wording of its pubkey error (errata E5). */
export function loadGetSwarm(p: Params): { pubkey: AccountKey } {
  const pubKeyAlt = str(p, 'pubKey');
  const pubkey = str(p, 'pubkey');
  const pk = parsePubkey(exactlyOne('pubkey', pubkey, 'pubKey', pubKeyAlt, true));
  if (!pk) throw invalid('Pubkey must be 66 hex digits/33 bytes long');
  return { pubkey: pk };
}

const OXEND_ENDPOINTS = new Set(['get_service_nodes', 'ons_resolve']);

export function loadOxendRequest(p: Params): { endpoint: string; params: Params } {
  const endpoint = require('endpoint', str(p, 'endpoint'));
  if (!OXEND_ENDPOINTS.has(endpoint)) throw invalid(`Invalid oxend endpoint '${endpoint}'`);
  const params = p.params;
  return { endpoint, params: params !== null && typeof params === 'object' ? (params as Params) : {} };
}

/**
 * Parses a request the way the server does before running it (top level, or every sub-request of a
 * batch at once): any refusal here fails the whole request with 400, before the swarm check.
 */
export function loadRequest(method: string, p: Params): void {
  switch (method) {
    case 'store':
      loadStore(p);
      return;
    case 'retrieve':
      loadRetrieve(p);
      return;
    case 'delete':
      loadDelete(p);
      return;
    case 'delete_all':
      loadNamespaced(p, 'timestamp');
      return;
    case 'delete_before':
      loadNamespaced(p, 'before');
      return;
    case 'expire_all':
      loadNamespaced(p, 'expiry');
      return;
    case 'expire':
      loadExpire(p);
      return;
    case 'get_expiries':
      loadGetExpiries(p);
      return;
    case 'revoke_subaccount':
    case 'unrevoke_subaccount':
      loadRevoke(p, method);
      return;
    case 'get_swarm':
    case 'get_snodes_for_pubkey':
      loadGetSwarm(p);
      return;
    case 'oxend_request':
      loadOxendRequest(p);
      return;
    default:
      return;
  }
}

export function within(now: number, t: number, windowMs: number, text: string): void {
  if (Math.abs(now - t) > windowMs) throw new RpcError(406, text);
}
