import { SessionError } from '../errors.js';
import { fromHex } from '../encoding/bytes.js';
import {
  getBytes,
  getFlag,
  getInt,
  idKey,
  idOfKey,
  keyText,
  setFlag,
  setPositive,
  subDict,
  textOfKey,
} from './fields.js';
import { isConfigDict, type ConfigDict } from './model.js';

/**
 * ConvoInfoVolatile (namespace 4, groups-and-config.md §3.3): last-read (unix **ms**) and the
 * unread flag per conversation. `r` is written whenever it is > 0 (the LS120 "only within
 * 30 days" retention rule is a local policy of that client, not a wire rule); what bounds the
 * config's size is the prune on push (`pruneStaleConvos`).
 */
export const CONVO_INFO_VOLATILE = { namespace: 4, domain: 'ConvoInfoVolatile' } as const;

/**
 * §3.3 (LS120, the release that shipped): on push, entries whose `r` is older than 45 days are
 * dropped unless they carry the unread flag. (LSNEW's 30-day local archive has the same effect on
 * what is synced, later; we follow the shipped rule, which keeps more.)
 */
export const CONVO_PRUNE_AFTER_MS = 45 * 24 * 3600 * 1000;

/** Top keys whose entries are `{r, u, …}` dicts keyed by an id (`b`: LSNEW blinded 1-to-1). */
const ENTRY_TOPS = ['1', 'g', 'C', 'b'] as const;

const stale = (d: ConfigDict, cutoffMs: number): boolean => !getFlag(d, 'u') && getInt(d, 'r') < cutoffMs;

/**
 * Drops the entries (one-to-one, groups, legacy groups, blinded, community rooms) last read
 * before `nowMs − keepMs` and not marked unread; a community left without rooms is dropped too.
 * Entries of a shape we do not know are left alone. Returns how many entries were dropped.
 */
export function pruneStaleConvos(data: ConfigDict, nowMs: number, keepMs = CONVO_PRUNE_AFTER_MS): number {
  const cutoff = nowMs - keepMs;
  let dropped = 0;
  for (const top of ENTRY_TOPS) {
    const t = subDict(data, top);
    if (t === undefined) continue;
    for (const [k, v] of [...t])
      if (isConfigDict(v) && stale(v, cutoff)) {
        t.delete(k);
        dropped++;
      }
    if (t.size === 0) data.delete(top);
  }
  const servers = subDict(data, 'o');
  if (servers !== undefined) {
    for (const [base, server] of [...servers]) {
      if (!isConfigDict(server)) continue;
      const rooms = subDict(server, 'R');
      if (rooms === undefined) continue;
      for (const [room, v] of [...rooms])
        if (isConfigDict(v) && stale(v, cutoff)) {
          rooms.delete(room);
          dropped++;
        }
      if (rooms.size === 0) servers.delete(base);
    }
    if (servers.size === 0) data.delete('o');
  }
  return dropped;
}

export interface ConvoState {
  lastReadMs: number;
  unread: boolean;
}

/**
 * `blinded`: a community DM (`b`, LSNEW), keyed by the whole 33-byte blinded id, its 0x15 or
 * 0x25 byte included: libsession's `set(blinded_one_to_one)` and its loader (which skips any key
 * that is not 33 bytes) do so, whatever the header's comment ("without the prefix") says.
 */
export type ConvoKind = 'one-to-one' | 'group' | 'legacy-group' | 'blinded';
const TOP: Record<ConvoKind, { key: string; prefixes: number[] }> = {
  'one-to-one': { key: '1', prefixes: [0x05] },
  group: { key: 'g', prefixes: [0x03] },
  'legacy-group': { key: 'C', prefixes: [0x05] },
  blinded: { key: 'b', prefixes: [0x15, 0x25] },
};

/** Where a stored conversation's read position lives, by its id's prefix (03, 15/25, else 05). */
export function convoKindOfId(id: string): Exclude<ConvoKind, 'legacy-group'> {
  if (id.startsWith('03')) return 'group';
  if (id.startsWith('15') || id.startsWith('25')) return 'blinded';
  return 'one-to-one';
}

function readState(d: ConfigDict): ConvoState {
  return { lastReadMs: getInt(d, 'r'), unread: getFlag(d, 'u') };
}

function writeState(d: ConfigDict, s: ConvoState): void {
  setPositive(d, 'r', s.lastReadMs);
  setFlag(d, 'u', s.unread);
}

export class ConvoInfoVolatileView {
  constructor(readonly data: ConfigDict) {}

  get(kind: ConvoKind, id: string): ConvoState | undefined {
    const t = TOP[kind];
    const d = subDict(this.data, t.key)?.get(idKey(id, t.prefixes));
    return isConfigDict(d) ? readState(d) : undefined;
  }

  set(kind: ConvoKind, id: string, s: ConvoState): void {
    const t = TOP[kind];
    const d = subDict(subDict(this.data, t.key, true), idKey(id, t.prefixes), true);
    writeState(d, s);
    // `y`: the DM uses the legacy (15) blinding, as libsession writes it beside the id
    if (kind === 'blinded') setFlag(d, 'y', id.startsWith('15'));
  }

  erase(kind: ConvoKind, id: string): void {
    const t = TOP[kind];
    subDict(this.data, t.key)?.delete(idKey(id, t.prefixes));
  }

  all(kind: ConvoKind): { id: string; state: ConvoState }[] {
    const out: { id: string; state: ConvoState }[] = [];
    for (const [k, v] of subDict(this.data, TOP[kind].key) ?? []) {
      const id = idOfKey(k);
      if (id !== undefined && isConfigDict(v)) out.push({ id, state: readState(v) });
    }
    return out;
  }

  /** Community room (`o`): base URL already canonical, room token lower-cased as the key. */
  setCommunity(baseUrl: string, pubkeyHex: string, room: string, s: ConvoState): void {
    const pk = fromHex(pubkeyHex, 'community pubkey');
    if (pk.length !== 32) throw new SessionError('INVALID_INPUT', 'community pubkey must be 32 bytes');
    const server = subDict(subDict(this.data, 'o', true), keyText(baseUrl), true);
    server.set('#', pk);
    writeState(subDict(subDict(server, 'R', true), keyText(room.toLowerCase()), true), s);
  }

  getCommunity(baseUrl: string, room: string): ConvoState | undefined {
    const servers = subDict(this.data, 'o');
    const server = servers === undefined ? undefined : subDict(servers, keyText(baseUrl));
    const d = server === undefined ? undefined : subDict(server, 'R')?.get(keyText(room.toLowerCase()));
    return isConfigDict(d) ? readState(d) : undefined;
  }

  communities(): { baseUrl: string; pubkey?: Uint8Array | undefined; room: string; state: ConvoState }[] {
    const out: { baseUrl: string; pubkey?: Uint8Array | undefined; room: string; state: ConvoState }[] = [];
    for (const [base, server] of subDict(this.data, 'o') ?? []) {
      if (!isConfigDict(server)) continue;
      for (const [room, d] of subDict(server, 'R') ?? [])
        if (isConfigDict(d))
          out.push({
            baseUrl: textOfKey(base),
            pubkey: getBytes(server, '#'),
            room: textOfKey(room),
            state: readState(d),
          });
    }
    return out;
  }
}
