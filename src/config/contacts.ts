import { fromHex, toHex, utf8 } from '../encoding/bytes.js';
import { SessionError } from '../errors.js';
import {
  checkName,
  getBytes,
  getFlag,
  getInt,
  getPic,
  getString,
  idKey,
  idOfKey,
  keyText,
  setFlag,
  setNonEmpty,
  setNonZero,
  setPic,
  setPositive,
  subDict,
  textOfKey,
  type ProfilePic,
} from './fields.js';
import { isConfigDict, type ConfigDict } from './model.js';
import { isBlindedAny } from '../identity/ids.js';

/** Contacts (namespace 3, groups-and-config.md §3.2): `c` keyed by the raw 33-byte Session ID. */
export const CONTACTS = { namespace: 3, domain: 'Contacts' } as const;

export type ExpirationMode = 'none' | 'after-send' | 'after-read';
/** 0 default, 1 all, 2 disabled (3, mentions only, is stored as 1 for contacts). */
export type NotifyMode = 0 | 1 | 2 | 3;

export interface Contact {
  sessionId: string;
  name: string;
  nickname: string;
  pic?: ProfilePic | undefined;
  approved: boolean;
  approvedMe: boolean;
  blocked: boolean;
  priority: number;
  notify: NotifyMode;
  muteUntil: number;
  expiration: ExpirationMode;
  expirationSeconds: number;
  created: number;
}

/**
 * Someone we talk to in a community DM (Contacts top-level `b`, groups-and-config.md §3.2, LSNEW):
 * under the server's canonical base URL (`#` its key), keyed by the blinded id without its
 * 15/25 prefix (64 hex characters, §6.1); `y` 1 for a 15 (legacy) blinded id.
 */
export interface BlindedContact {
  baseUrl: string;
  /** The server's X25519 key (hex). */
  serverPubkey: string;
  /** The full blinded id, 15… or 25… */
  blindedId: string;
  name: string;
  priority: number;
  created: number;
}

export function emptyContact(sessionId: string): Contact {
  return {
    sessionId,
    name: '',
    nickname: '',
    approved: false,
    approvedMe: false,
    blocked: false,
    priority: 0,
    notify: 0,
    muteUntil: 0,
    expiration: 'none',
    expirationSeconds: 0,
    created: 0,
  };
}

export function readExpiration(d: ConfigDict): { mode: ExpirationMode; seconds: number } {
  const mode = getInt(d, 'e');
  const seconds = getInt(d, 'E');
  if ((mode !== 1 && mode !== 2) || seconds <= 0) return { mode: 'none', seconds: 0 };
  return { mode: mode === 1 ? 'after-send' : 'after-read', seconds };
}

export function writeExpiration(d: ConfigDict, mode: ExpirationMode, seconds: number): void {
  if (mode === 'none' || seconds <= 0) {
    d.delete('e');
    d.delete('E');
  } else {
    d.set('e', mode === 'after-send' ? 1n : 2n);
    d.set('E', BigInt(Math.trunc(seconds)));
  }
}

export class ContactsView {
  constructor(readonly data: ConfigDict) {}

  get(sessionId: string): Contact | undefined {
    const d = subDict(this.data, 'c')?.get(idKey(sessionId));
    return isConfigDict(d) ? this.read(sessionId, d) : undefined;
  }

  all(): Contact[] {
    const out: Contact[] = [];
    for (const [k, v] of subDict(this.data, 'c') ?? []) {
      const id = idOfKey(k);
      if (id !== undefined && isConfigDict(v)) out.push(this.read(id, v));
    }
    return out;
  }

  private read(sessionId: string, d: ConfigDict): Contact {
    const exp = readExpiration(d);
    const notify = getInt(d, '@');
    return {
      sessionId,
      name: getString(d, 'n'),
      nickname: getString(d, 'N'),
      pic: getPic(d),
      approved: getFlag(d, 'a'),
      approvedMe: getFlag(d, 'A'),
      blocked: getFlag(d, 'b'),
      priority: getInt(d, '+'),
      notify: (notify >= 0 && notify <= 3 ? notify : 0) as NotifyMode,
      muteUntil: getInt(d, '!'),
      expiration: exp.mode,
      expirationSeconds: exp.seconds,
      created: getInt(d, 'j'),
    };
  }

  /** Writes every field we know; keys we do not know stay as they were. */
  set(c: Contact): void {
    const d = subDict(subDict(this.data, 'c', true), idKey(c.sessionId), true);
    // `n` is always written, even empty: it keeps the contact's dict alive.
    d.set('n', utf8(checkName(c.name)));
    setNonEmpty(d, 'N', checkName(c.nickname, 'nickname'));
    setPic(d, c.pic);
    setFlag(d, 'a', c.approved);
    setFlag(d, 'A', c.approvedMe);
    setFlag(d, 'b', c.blocked);
    setNonZero(d, '+', c.priority);
    setPositive(d, '@', c.notify === 3 ? 1 : c.notify);
    setPositive(d, '!', c.muteUntil);
    writeExpiration(d, c.expiration, c.expirationSeconds);
    setPositive(d, 'j', c.created);
  }

  /** The blinded contact of `blindedId` on any server (a blinded id belongs to one server). */
  blinded(blindedId: string): BlindedContact | undefined {
    return this.allBlinded().find((b) => b.blindedId === blindedId.toLowerCase());
  }

  allBlinded(): BlindedContact[] {
    const out: BlindedContact[] = [];
    for (const [base, server] of subDict(this.data, 'b') ?? []) {
      if (!isConfigDict(server)) continue;
      const pk = getBytes(server, '#');
      for (const [k, d] of subDict(server, 'R') ?? []) {
        const hex = textOfKey(k);
        if (!/^[0-9a-f]{64}$/.test(hex) || !isConfigDict(d)) continue;
        out.push({
          baseUrl: textOfKey(base),
          serverPubkey: pk === undefined ? '' : toHex(pk),
          blindedId: `${getInt(d, 'y') === 1 ? '15' : '25'}${hex}`,
          name: getString(d, 'n'),
          priority: getInt(d, '+'),
          created: getInt(d, 'j'),
        });
      }
    }
    return out;
  }

  /** Writes the fields we know (`#`, `n`, `+`, `y`, `j`); keys we do not know stay as they were. */
  setBlinded(c: BlindedContact): void {
    const id = c.blindedId.toLowerCase();
    if (!isBlindedAny(id))
      throw new SessionError('INVALID_ACCOUNT_ID', `not a 15/25 blinded id: ${c.blindedId}`);
    const pk = fromHex(c.serverPubkey, 'community pubkey');
    if (pk.length !== 32) throw new SessionError('INVALID_INPUT', 'community pubkey must be 32 bytes');
    const server = subDict(subDict(this.data, 'b', true), keyText(c.baseUrl), true);
    server.set('#', pk);
    const d = subDict(subDict(server, 'R', true), keyText(id.slice(2)), true);
    // `n` is always written (§3.2), even empty
    d.set('n', utf8(checkName(c.name)));
    setNonZero(d, '+', c.priority);
    setFlag(d, 'y', id.startsWith('15'));
    setPositive(d, 'j', c.created);
  }

  erase(sessionId: string): boolean {
    const c = subDict(this.data, 'c');
    return c?.delete(idKey(sessionId)) ?? false;
  }
}
