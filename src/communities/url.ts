import { fromBase64, toHex } from '../encoding/bytes.js';
import { SessionError } from '../errors.js';

/**
 * Community URLs (communities.md §2): `<base_url>/<room>?public_key=<server key>`, also the
 * `/r/<room>` web-view form, keys as hex, base64 or base32z, and (like desktop's join dialog)
 * input without a scheme, which is taken as `http://`. Everything is canonicalised with
 * libsession's rules so the same community is always the same string.
 */
export interface CommunityUrl {
  /** Canonical `http(s)://host[:port]` (lower case, default port dropped). */
  baseUrl: string;
  protocol: 'http' | 'https';
  host: string;
  port: number;
  /** The room token as given (display and request paths). */
  room: string;
  /** Lower-case room token (identity: the server compares rooms case-insensitively). */
  roomKey: string;
  /** Server X25519 public key, 64 lower-case hex chars (absent in a partial URL). */
  pubkeyHex?: string;
}

export const ROOM_TOKEN = /^[A-Za-z0-9_-]{1,64}$/;

function invalid(message: string, reason: string): SessionError {
  return new SessionError('INVALID_INPUT', message, {
    details: { reason },
    hint: 'a community URL looks like https://host/room?public_key=<64 hex characters>',
  });
}

const BASE32Z = 'ybndrfg8ejkmcpqxot1uwisza345h769';

function decodeBase32z(text: string): Uint8Array | undefined {
  let bits = 0;
  let acc = 0;
  const out: number[] = [];
  for (const ch of text.toLowerCase()) {
    const v = BASE32Z.indexOf(ch);
    if (v < 0) return undefined;
    acc = (acc << 5) | v;
    bits += 5;
    if (bits >= 8) {
      bits -= 8;
      out.push((acc >> bits) & 0xff);
    }
    acc &= (1 << bits) - 1;
  }
  return Uint8Array.from(out);
}

/** A server key in any of the three encodings of §2.2 step 1, as lower-case hex. */
export function parseServerKey(text: string): string {
  if (/^[0-9a-fA-F]{64}$/.test(text)) return text.toLowerCase();
  if ((text.length === 43 || (text.length === 44 && text.endsWith('='))) && /^[A-Za-z0-9+/]+=?$/.test(text)) {
    const bytes = fromBase64(text);
    if (bytes.length === 32) return toHex(bytes);
  }
  if (text.length === 52) {
    const bytes = decodeBase32z(text);
    if (bytes?.length === 32) return toHex(bytes);
  }
  throw invalid(
    'the community server key must be 64 hex characters (or base64/base32z of 32 bytes)',
    'server-key',
  );
}

/** Canonical base URL (§2.2 step 3). */
export function parseBaseUrl(input: string): Pick<CommunityUrl, 'baseUrl' | 'protocol' | 'host' | 'port'> {
  let text = input.trim();
  if (!/^[a-zA-Z][a-zA-Z0-9+.-]*:\/\//.test(text)) text = `http://${text}`;
  if (text.length > 267) throw invalid('the community URL is too long', 'url');
  const m = /^([a-zA-Z]+):\/\/([^/:?#]*)(?::(\d{1,5}))?\/?$/.exec(text);
  if (!m) throw invalid(`not a community server URL: ${input}`, 'url');
  const scheme = m[1]!.toLowerCase();
  if (scheme !== 'http' && scheme !== 'https') throw invalid('a community URL is http:// or https://', 'url');
  const host = m[2]!.toLowerCase();
  // libsession: [a-z0-9-.], a dot, ≥ 4 chars, no trailing dot. `localhost` is our one exception
  // (local test servers); an IPv4 address passes the rule as it is.
  const hostOk =
    host === 'localhost' ||
    (/^[a-z0-9.-]+$/.test(host) && host.includes('.') && host.length >= 4 && !host.endsWith('.'));
  if (!hostOk) throw invalid(`not a valid community host: ${m[2]}`, 'url');
  const protocol = scheme;
  const defaultPort = protocol === 'https' ? 443 : 80;
  const port = m[3] === undefined ? defaultPort : Number(m[3]);
  if (!Number.isInteger(port) || port < 1 || port > 65535) throw invalid(`not a valid port: ${m[3]}`, 'url');
  const baseUrl = `${protocol}://${host}${port === defaultPort ? '' : `:${port}`}`;
  return { baseUrl, protocol, host, port };
}

export function checkRoomToken(room: string): string {
  if (!ROOM_TOKEN.test(room)) {
    throw new SessionError('INVALID_INPUT', `not a room token: ${JSON.stringify(room.slice(0, 80))}`, {
      details: { reason: 'room' },
      hint: 'a room token is 1-64 characters of A-Z, a-z, 0-9, _ and -',
    });
  }
  return room;
}

/**
 * Parses a community URL (§2.2). `requireKey` (default) refuses a partial URL (no key), which is
 * only good for lookups.
 */
export function parseCommunityUrl(input: string, opts: { requireKey?: boolean } = {}): CommunityUrl {
  const requireKey = opts.requireKey ?? true;
  let rest = input.trim();
  let pubkeyHex: string | undefined;
  const at = rest.lastIndexOf('?public_key=');
  if (at >= 0) {
    pubkeyHex = parseServerKey(rest.slice(at + '?public_key='.length));
    rest = rest.slice(0, at);
  } else if (requireKey) {
    throw invalid('the community URL has no ?public_key=', 'server-key');
  }
  if (rest.includes('?') || rest.includes('#')) throw invalid(`not a community URL: ${input}`, 'url');
  let cut = rest.lastIndexOf('/r/');
  let room: string;
  let base: string;
  if (cut >= 0 && !rest.slice(0, cut).endsWith(':/')) {
    room = rest.slice(cut + 3);
    base = rest.slice(0, cut);
  } else {
    cut = rest.lastIndexOf('/');
    if (cut < 0 || rest.slice(0, cut + 1).endsWith('//'))
      throw invalid(`the community URL names no room: ${input}`, 'room');
    room = rest.slice(cut + 1);
    base = rest.slice(0, cut);
  }
  checkRoomToken(room);
  return { ...parseBaseUrl(base), room, roomKey: room.toLowerCase(), ...(pubkeyHex ? { pubkeyHex } : {}) };
}

/** `<base>/<room>?public_key=<hex>`: what `community join` stores and prints. */
export function formatCommunityUrl(u: {
  baseUrl: string;
  room: string;
  pubkeyHex?: string | undefined;
}): string {
  return `${u.baseUrl}/${u.room}${u.pubkeyHex ? `?public_key=${u.pubkeyHex}` : ''}`;
}

/** The conversation id of a room: `<base>/<room>` (desktop's convention, §2.3). */
export function roomConversationId(u: { baseUrl: string; room: string }): string {
  return `${u.baseUrl}/${u.room}`;
}
