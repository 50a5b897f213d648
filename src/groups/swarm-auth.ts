import type { Sodium } from '../crypto/sodium.js';
import { concatBytes, toBase64, utf8 } from '../encoding/bytes.js';
import { SessionError } from '../errors.js';
import type { SessionNetwork } from '../network/session-network.js';
import { parseRecursiveBody } from '../rpc/replies.js';
import type { RequestAuth } from '../rpc/storage.js';
import { notAdmin, subaccountSign, type GroupIdentity } from './crypto.js';

/**
 * How requests to a group's swarm are signed (groups-and-config.md §4.5, network.md §6): admins
 * sign with the group key itself (the 03 id is the key, so no `pubkey_ed25519`); members sign
 * with their subaccount (token, the admin's signature over it, and a signature by kT).
 */
export function adminAuth(na: Sodium, group: GroupIdentity): RequestAuth {
  const sk = group.edSk;
  if (!sk) throw notAdmin();
  return {
    accountId: group.groupId,
    auth: (message) => Promise.resolve({ signature: toBase64(na.crypto_sign_detached(utf8(message), sk)) }),
  };
}

export function memberAuth(
  na: Sodium,
  groupId: string,
  authData: Uint8Array,
  ownEdSk: Uint8Array,
): RequestAuth {
  return {
    accountId: groupId,
    auth: (message) => {
      const s = subaccountSign(na, authData, ownEdSk, utf8(message));
      return Promise.resolve({
        subaccount: toBase64(s.subaccount),
        subaccount_sig: toBase64(s.subaccountSig),
        signature: toBase64(s.signature),
      });
    },
  };
}

/** The auth an account holder of this group uses: the admin key when it has it. */
export function groupAuth(
  na: Sodium,
  group: GroupIdentity,
  authData: Uint8Array | undefined,
  ownEdSk: Uint8Array,
): RequestAuth {
  if (group.edSk) return adminAuth(na, group);
  if (!authData)
    throw new SessionError('NOT_FOUND', 'no access to this group (neither admin key nor member auth data)');
  return memberAuth(na, group.groupId, authData, ownEdSk);
}

/**
 * `revoke_subaccount` / `unrevoke_subaccount` (§4.5): signed by the group key over the method,
 * the timestamp and the raw tokens. Refused unless at least one swarm member applied it.
 */
export async function setRevoked(
  na: Sodium,
  net: SessionNetwork,
  group: GroupIdentity,
  tokens: readonly Uint8Array[],
  revoke: boolean,
  signal?: AbortSignal,
): Promise<void> {
  if (tokens.length === 0) return;
  const sk = group.edSk;
  if (!sk) throw notAdmin();
  const method = revoke ? 'revoke_subaccount' : 'unrevoke_subaccount';
  const params = () => {
    const timestamp = net.now();
    return Promise.resolve({
      pubkey: group.groupId,
      [revoke ? 'revoke' : 'unrevoke']: tokens.map((t) => toBase64(t)),
      timestamp,
      signature: toBase64(na.crypto_sign_detached(concatBytes(utf8(`${method}${timestamp}`), ...tokens), sk)),
    });
  };
  const reply = await net.rpcToSwarm(group.groupId, method, params, {
    signal,
    check: (r) => {
      parseRecursiveBody(method, r.body);
    },
  });
  if (reply.status !== 200)
    throw new SessionError(
      'REMOTE_REJECTED',
      `${method} refused: ${reply.status} ${reply.text.slice(0, 200)}`,
    );
}
