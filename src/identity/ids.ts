import { SessionError } from '../errors.js';
import { fromHex } from '../encoding/bytes.js';

/**
 * Session ID kinds (messages.md §1.2): 66 lowercase hex chars = 1 prefix byte + 32 key bytes.
 * IDs are parsed once at the edge into branded strings; everything inside trusts the brand.
 */
export type IdKind = 'account' | 'group' | 'blinded15' | 'blinded25' | 'unblinded';

const PREFIXES: Record<string, IdKind> = {
  '05': 'account',
  '03': 'group',
  '15': 'blinded15',
  '25': 'blinded25',
  '00': 'unblinded',
};

declare const brand: unique symbol;
export type SessionId = string & { readonly [brand]: 'SessionId' };
/** A `05…` Account ID. */
export type AccountId = SessionId & { readonly kind: 'account' };

export interface ParsedId {
  id: SessionId;
  kind: IdKind;
  /** The 33 bytes: prefix ‖ key. */
  bytes: Uint8Array;
  /** The 32 key bytes after the prefix. */
  key: Uint8Array;
}

/**
 * A `15…` blinded id as stored and shown (lower-case hex): someone as a community server sees
 * them, the conversation of a community DM, a moderator's target.
 */
export function isBlinded15(id: string): boolean {
  return /^15[0-9a-f]{64}$/.test(id);
}

/** A blinded id of either kind (`15…` or `25…`), lower-case hex. */
export function isBlindedAny(id: string): boolean {
  return /^(15|25)[0-9a-f]{64}$/.test(id);
}

export function parseSessionId(input: string, allowed?: readonly IdKind[]): ParsedId {
  const text = input.trim();
  const hint = 'a Session ID is 66 hex characters starting with 05 (accounts) or 03 (groups)';
  if (text.length !== 66) {
    throw new SessionError('INVALID_ACCOUNT_ID', `ID must be 66 hex characters, got ${text.length}`, {
      hint,
    });
  }
  if (!/^[0-9a-fA-F]{66}$/.test(text)) {
    throw new SessionError('INVALID_ACCOUNT_ID', 'ID must contain only hex characters (0-9, a-f)', { hint });
  }
  const lower = text.toLowerCase();
  const kind = PREFIXES[lower.slice(0, 2)];
  if (kind === undefined) {
    throw new SessionError('INVALID_ACCOUNT_ID', `unknown ID prefix ${lower.slice(0, 2)}`, { hint });
  }
  if (allowed && !allowed.includes(kind)) {
    throw new SessionError('INVALID_ACCOUNT_ID', `expected ${allowed.join(' or ')} ID, got a ${kind} ID`, {
      // (a 15/25 id is someone as a community server sees them: reached only through that server)
      hint: kind.startsWith('blinded')
        ? 'a blinded ID is someone in a community: write to them with `session community dm SERVER ID TEXT`'
        : hint,
    });
  }
  const bytes = fromHex(lower);
  return { id: lower as SessionId, kind, bytes, key: bytes.subarray(1) };
}

/** Parses a `05…` Account ID (the X25519 public key of a user). */
export function parseAccountId(input: string): AccountId {
  return parseSessionId(input, ['account']).id as AccountId;
}
