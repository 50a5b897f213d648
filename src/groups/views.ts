import {
  getFlag,
  getInt,
  getPic,
  getString,
  idKey,
  idOfKey,
  setFlag,
  setPic,
  setPositive,
  subDict,
  type ProfilePic,
} from '../config/fields.js';
import type { ConfigDict } from '../config/model.js';
import { utf8 } from '../encoding/bytes.js';
import { SessionError } from '../errors.js';

/**
 * Typed views of the two group configs (groups-and-config.md §4.2, §4.3): exact keys, and every
 * key a view does not know is left as it is.
 */
export const GROUP_INFO = { namespace: 13, domain: 'groups::Info' } as const;
export const GROUP_MEMBERS = { namespace: 14, domain: 'groups::Members' } as const;
export const GROUP_MESSAGES_NAMESPACE = 11;
export const GROUP_KICKED_NAMESPACE = -11;

function checkBytes(s: string, max: number, what: string): string {
  if (utf8(s).length > max) throw new SessionError('INVALID_NAME', `${what} is longer than ${max} bytes`);
  return s;
}

export class InfoView {
  constructor(private readonly d: ConfigDict) {}
  get name(): string {
    return getString(this.d, 'n');
  }
  set name(v: string) {
    checkBytes(v, 100, 'a group name');
    if (v === '') this.d.delete('n');
    else this.d.set('n', utf8(v));
  }
  get description(): string {
    return getString(this.d, 'o');
  }
  set description(v: string) {
    checkBytes(v, 600, 'a group description');
    if (v === '') this.d.delete('o');
    else this.d.set('o', utf8(v));
  }
  /** `p` + `q`: the group picture's URL and its 32-byte key, both or neither (§4.2). */
  get avatar(): ProfilePic | undefined {
    return getPic(this.d, 'p', 'q');
  }
  set avatar(v: ProfilePic | undefined) {
    setPic(this.d, v, 'p', 'q');
  }
  get createdSeconds(): number {
    return getInt(this.d, 'c');
  }
  set createdSeconds(v: number) {
    setPositive(this.d, 'c', v);
  }
  get destroyed(): boolean {
    return getFlag(this.d, '!');
  }
  set destroyed(v: boolean) {
    setFlag(this.d, '!', v);
  }
  get deleteBeforeSeconds(): number {
    return getInt(this.d, 'd');
  }
  /** `E`: the group's delete-after-send timer in seconds, 0 = off (groups have no after-read). */
  get disappearingSeconds(): number {
    return getInt(this.d, 'E');
  }
  set disappearingSeconds(v: number) {
    setPositive(this.d, 'E', v);
  }
}

export type InviteStatus = 'accepted' | 'sent' | 'failed' | 'not-sent';
export type MemberStatus =
  'removed' | 'removed-with-messages' | `invite-${InviteStatus}` | `promotion-${InviteStatus}`;

export interface GroupMember {
  sessionId: string;
  name: string;
  admin: boolean;
  invite: InviteStatus;
  promotion: InviteStatus | null;
  supplement: boolean;
  /** 1 = remove, 2 = remove with their messages (pending removal). */
  removal: 0 | 1 | 2;
  status: MemberStatus;
}

const STATUS: Record<number, InviteStatus> = { 0: 'accepted', 1: 'sent', 2: 'failed', 3: 'not-sent' };
const CODE: Record<InviteStatus, number> = { accepted: 0, sent: 1, failed: 2, 'not-sent': 3 };

export class MembersView {
  constructor(private readonly d: ConfigDict) {}

  private get m(): ConfigDict | undefined {
    return subDict(this.d, 'm');
  }

  list(): GroupMember[] {
    const m = this.m;
    if (!m) return [];
    const out: GroupMember[] = [];
    for (const [k, v] of m) {
      const sessionId = idOfKey(k);
      if (!sessionId || !(v instanceof Map)) continue;
      out.push(this.read(sessionId, v));
    }
    return out.sort((a, b) => (a.sessionId < b.sessionId ? -1 : 1));
  }

  private read(sessionId: string, e: ConfigDict): GroupMember {
    const admin = getFlag(e, 'A');
    const invite = STATUS[getInt(e, 'I')] ?? 'accepted';
    const promotion = admin ? (STATUS[getInt(e, 'P')] ?? 'accepted') : null;
    const r = getInt(e, 'R');
    const removal = r === 2 ? 2 : r === 1 ? 1 : 0;
    const status: MemberStatus =
      removal === 2
        ? 'removed-with-messages'
        : removal === 1
          ? 'removed'
          : admin
            ? `promotion-${promotion!}`
            : `invite-${invite}`;
    return {
      sessionId,
      name: getString(e, 'n'),
      admin,
      invite,
      promotion,
      supplement: getFlag(e, 's'),
      removal,
      status,
    };
  }

  get(sessionId: string): GroupMember | undefined {
    const e = this.m?.get(idKey(sessionId));
    return e instanceof Map ? this.read(sessionId, e) : undefined;
  }

  has(sessionId: string): boolean {
    return this.get(sessionId) !== undefined;
  }

  /** Adds (or updates) a member; `n` is always written (libsession), even empty. */
  set(
    sessionId: string,
    f: {
      name?: string;
      admin?: boolean;
      invite?: InviteStatus;
      promotion?: InviteStatus;
      supplement?: boolean;
      removal?: 0 | 1 | 2;
    },
  ): void {
    const m = subDict(this.d, 'm', true);
    const k = idKey(sessionId);
    let e = m.get(k);
    if (!(e instanceof Map)) {
      e = new Map();
      m.set(k, e);
    }
    if (f.name !== undefined) e.set('n', utf8(checkBytes(f.name, 100, 'a member name')));
    else if (!e.has('n')) e.set('n', new Uint8Array(0));
    if (f.admin !== undefined) setFlag(e, 'A', f.admin);
    if (f.invite !== undefined) setPositive(e, 'I', CODE[f.invite]);
    if (f.promotion !== undefined) setPositive(e, 'P', CODE[f.promotion]);
    if (f.supplement !== undefined) setFlag(e, 's', f.supplement);
    if (f.removal !== undefined) setPositive(e, 'R', f.removal);
    if (getFlag(e, 'A')) e.delete('I');
  }

  erase(sessionId: string): void {
    this.m?.delete(idKey(sessionId));
  }
}
