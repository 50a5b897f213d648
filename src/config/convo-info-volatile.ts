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
 * 30 days" retention rule is a local policy of that client, not a wire rule).
 */
export const CONVO_INFO_VOLATILE = { namespace: 4, domain: 'ConvoInfoVolatile' } as const;

export interface ConvoState {
  lastReadMs: number;
  unread: boolean;
}

export type ConvoKind = 'one-to-one' | 'group' | 'legacy-group';
const TOP: Record<ConvoKind, { key: string; prefixes: number[] }> = {
  'one-to-one': { key: '1', prefixes: [0x05] },
  group: { key: 'g', prefixes: [0x03] },
  'legacy-group': { key: 'C', prefixes: [0x05] },
};

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
    writeState(subDict(subDict(this.data, t.key, true), idKey(id, t.prefixes), true), s);
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
