import { utf8 } from '../encoding/bytes.js';
import { SessionError } from '../errors.js';
import { fromHex } from '../encoding/bytes.js';
import {
  checkName,
  getBytes,
  getFlag,
  getInt,
  getSet,
  getString,
  idKey,
  idOfKey,
  keyText,
  setFlag,
  setNonEmpty,
  setNonZero,
  setPositive,
  subDict,
  textOfKey,
} from './fields.js';
import { ConfigSet, isConfigDict, type ConfigDict } from './model.js';
import { keyOf } from './bt.js';

/** UserGroups (namespace 5, groups-and-config.md §3.4): new groups, communities, legacy groups. */
export const USER_GROUPS = { namespace: 5, domain: 'UserGroups' } as const;

/** Keys every entry kind shares: priority, joined, notify, mute-until, invited. */
export interface GroupCommon {
  priority: number;
  joinedAt: number;
  notify: 0 | 1 | 2 | 3;
  muteUntil: number;
  invited: boolean;
}

export const noCommon = (): GroupCommon => ({
  priority: 0,
  joinedAt: 0,
  notify: 0,
  muteUntil: 0,
  invited: false,
});

function readCommon(d: ConfigDict): GroupCommon {
  const n = getInt(d, '@');
  return {
    priority: getInt(d, '+'),
    joinedAt: getInt(d, 'j'),
    notify: (n >= 0 && n <= 3 ? n : 0) as GroupCommon['notify'],
    muteUntil: getInt(d, '!'),
    invited: getFlag(d, 'i'),
  };
}

function writeCommon(d: ConfigDict, c: GroupCommon): void {
  setNonZero(d, '+', c.priority);
  setPositive(d, 'j', c.joinedAt);
  setPositive(d, '@', c.notify);
  setPositive(d, '!', c.muteUntil);
  setFlag(d, 'i', c.invited);
}

export interface GroupEntry extends GroupCommon {
  /** 03-prefixed group id. */
  groupId: string;
  name: string;
  /** Group Ed25519 seed (admins). */
  adminSeed?: Uint8Array | undefined;
  /** 100-byte subaccount auth data (non-admins). */
  authData?: Uint8Array | undefined;
  /** 0 normal, 1 kicked, 2 destroyed. */
  removed: 0 | 1 | 2;
}

export interface CommunityEntry extends GroupCommon {
  baseUrl: string;
  pubkey: Uint8Array;
  /** As originally cased; the key is its lower-cased form. */
  room: string;
}

export interface LegacyGroupEntry extends GroupCommon {
  groupId: string;
  name: string;
  encPub?: Uint8Array | undefined;
  encSec?: Uint8Array | undefined;
  members: string[];
  admins: string[];
  disappearingSeconds: number;
}

function idSet(d: ConfigDict, k: string): string[] {
  return (getSet(d, k)?.items ?? []).flatMap((x) =>
    x instanceof Uint8Array && x.length === 33 ? [idOfKey(keyOf(x))!] : [],
  );
}

function writeIdSet(d: ConfigDict, k: string, ids: string[]): void {
  const s = new ConfigSet(ids.map((id) => fromHex(id, 'member id')));
  if (s.size > 0) d.set(k, s);
  else d.delete(k);
}

export class UserGroupsView {
  constructor(readonly data: ConfigDict) {}

  group(groupId: string): GroupEntry | undefined {
    const d = subDict(this.data, 'g')?.get(idKey(groupId, [0x03]));
    return isConfigDict(d) ? this.readGroup(groupId, d) : undefined;
  }

  groups(): GroupEntry[] {
    const out: GroupEntry[] = [];
    for (const [k, v] of subDict(this.data, 'g') ?? []) {
      const id = idOfKey(k);
      if (id !== undefined && isConfigDict(v)) out.push(this.readGroup(id, v));
    }
    return out;
  }

  private readGroup(groupId: string, d: ConfigDict): GroupEntry {
    const k = getBytes(d, 'K');
    const s = getBytes(d, 's');
    const r = getInt(d, 'r');
    return {
      ...readCommon(d),
      groupId,
      name: getString(d, 'n'),
      adminSeed: k?.length === 32 ? k : undefined,
      authData: s?.length === 100 ? s : undefined,
      removed: r === 1 || r === 2 ? r : 0,
    };
  }

  setGroup(g: GroupEntry): void {
    const d = subDict(subDict(this.data, 'g', true), idKey(g.groupId, [0x03]), true);
    if (g.adminSeed !== undefined) {
      if (g.adminSeed.length !== 32) throw new SessionError('INVALID_INPUT', 'group seed must be 32 bytes');
      d.set('K', g.adminSeed.slice());
      d.delete('s');
    } else {
      // `K` is written empty when not admin so that the dict is never empty.
      d.set('K', new Uint8Array(0));
      if (g.authData?.length === 100) d.set('s', g.authData.slice());
      else d.delete('s');
    }
    setNonEmpty(d, 'n', checkName(g.name));
    setPositive(d, 'r', g.removed);
    writeCommon(d, g);
  }

  eraseGroup(groupId: string): void {
    subDict(this.data, 'g')?.delete(idKey(groupId, [0x03]));
  }

  setCommunity(c: CommunityEntry): void {
    if (c.pubkey.length !== 32) throw new SessionError('INVALID_INPUT', 'community pubkey must be 32 bytes');
    if (!/^[A-Za-z0-9_-]{1,64}$/.test(c.room))
      throw new SessionError('INVALID_INPUT', 'bad community room token');
    const server = subDict(subDict(this.data, 'o', true), keyText(canonicalBaseUrl(c.baseUrl)), true);
    server.set('#', c.pubkey.slice());
    const d = subDict(subDict(server, 'R', true), keyText(c.room.toLowerCase()), true);
    d.set('n', utf8(c.room));
    writeCommon(d, c);
  }

  /** Removes a room; the server entry goes with its last room (§3.3 rule, same in `o` here). */
  eraseCommunity(baseUrl: string, room: string): boolean {
    const servers = subDict(this.data, 'o');
    const key = keyText(canonicalBaseUrl(baseUrl));
    const server = servers === undefined ? undefined : subDict(servers, key);
    const rooms = server === undefined ? undefined : subDict(server, 'R');
    if (rooms === undefined) return false;
    const gone = rooms.delete(keyText(room.toLowerCase()));
    if (rooms.size === 0) servers!.delete(key);
    return gone;
  }

  communities(): CommunityEntry[] {
    const out: CommunityEntry[] = [];
    for (const [base, server] of subDict(this.data, 'o') ?? []) {
      if (!isConfigDict(server)) continue;
      const pubkey = getBytes(server, '#');
      if (pubkey?.length !== 32) continue;
      for (const [room, d] of subDict(server, 'R') ?? []) {
        if (!isConfigDict(d)) continue;
        const name = getString(d, 'n');
        out.push({
          ...readCommon(d),
          baseUrl: textOfKey(base),
          pubkey,
          room: name === '' ? textOfKey(room) : name,
        });
      }
    }
    return out;
  }

  legacyGroup(groupId: string): LegacyGroupEntry | undefined {
    const d = subDict(this.data, 'C')?.get(idKey(groupId));
    if (!isConfigDict(d)) return undefined;
    const k = getBytes(d, 'k');
    const K = getBytes(d, 'K');
    const pair = k?.length === 32 && K?.length === 32;
    return {
      ...readCommon(d),
      groupId,
      name: getString(d, 'n'),
      encPub: pair ? k : undefined,
      encSec: pair ? K : undefined,
      members: idSet(d, 'm'),
      admins: idSet(d, 'a'),
      disappearingSeconds: getInt(d, 'E'),
    };
  }

  setLegacyGroup(g: LegacyGroupEntry): void {
    const d = subDict(subDict(this.data, 'C', true), idKey(g.groupId), true);
    d.set('n', utf8(checkName(g.name)));
    if (g.encPub?.length === 32 && g.encSec?.length === 32) {
      d.set('k', g.encPub.slice());
      d.set('K', g.encSec.slice());
    } else {
      d.delete('k');
      d.delete('K');
    }
    writeIdSet(d, 'm', g.members);
    writeIdSet(d, 'a', g.admins);
    setPositive(d, 'E', g.disappearingSeconds);
    writeCommon(d, g);
  }
}

// ---- community URLs (libsession util.cpp parse_url / community.cpp) ---------------------------

/** Canonical community base URL: lower-case scheme and host, default port dropped, no path. */
export function canonicalBaseUrl(url: string): string {
  const m = /^(https?):\/\/([^/:?#]+)(?::(\d{1,5}))?\/?$/i.exec(url);
  if (m === null) throw new SessionError('INVALID_INPUT', `not a community base URL: ${url}`);
  const scheme = m[1]!.toLowerCase();
  const host = m[2]!.toLowerCase();
  if (!/^[a-z0-9.-]+$/.test(host) || !host.includes('.') || host.length < 4)
    throw new SessionError('INVALID_INPUT', `bad community host: ${host}`);
  const port = m[3] === undefined ? undefined : Number(m[3]);
  const dflt = scheme === 'http' ? 80 : 443;
  const out = `${scheme}://${host}${port === undefined || port === dflt ? '' : `:${port}`}`;
  if (out.length > 267) throw new SessionError('INVALID_INPUT', 'community base URL too long');
  return out;
}

const ZB32 = 'ybndrfg8ejkmcpqxot1uwisza345h769';

function decodePubkey(s: string): Uint8Array | undefined {
  if (/^[0-9a-fA-F]{64}$/.test(s)) return fromHex(s);
  if (/^[A-Za-z0-9+/]{43}=?$/.test(s)) {
    const out = new Uint8Array(Buffer.from(s, 'base64'));
    return out.length === 32 ? out : undefined;
  }
  if (/^[ybndrfg8ejkmcpqxot1uwisza345h769]{52}$/.test(s)) {
    let bits = 0n;
    for (const c of s) bits = (bits << 5n) | BigInt(ZB32.indexOf(c));
    bits >>= 4n; // 260 bits carry 256
    const out = new Uint8Array(32);
    for (let i = 31; i >= 0; i--) {
      out[i] = Number(bits & 0xffn);
      bits >>= 8n;
    }
    return out;
  }
  return undefined;
}

/** `<base>/<room>?public_key=<key>` (also `<base>/r/<room>`): base canonical, room as given. */
export function parseCommunityUrl(url: string): { baseUrl: string; room: string; pubkey: Uint8Array } {
  const m = /^(https?:\/\/[^/?#]+)\/(?:r\/)?([A-Za-z0-9_-]{1,64})\?public_key=([A-Za-z0-9+/=]+)$/i.exec(url);
  const pubkey = m === null ? undefined : decodePubkey(m[3]!);
  if (m === null || pubkey === undefined)
    throw new SessionError('INVALID_INPUT', `not a community URL: ${url}`);
  return { baseUrl: canonicalBaseUrl(m[1]!), room: m[2]!, pubkey };
}
