import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadSodium, type Sodium } from '../../src/crypto/sodium.js';
import { startDevnet, type Devnet } from '../../src/devnet/index.js';
import { isSessionError } from '../../src/errors.js';
import { groupFromSeed, makeSubaccount } from '../../src/groups/crypto.js';
import { adminAuth, memberAuth, setRevoked } from '../../src/groups/swarm-auth.js';
import { deriveIdentity } from '../../src/identity/keys.js';
import { loadNetworkConfig } from '../../src/network/config.js';
import { SessionNetwork } from '../../src/network/session-network.js';
import { UndiciTransport } from '../../src/network/transport.js';
import { retrieveMessages, storeMessage } from '../../src/rpc/storage.js';

/** §4.5 against the devnet's own subaccount checks: admin key, member token, revocation. */
let dn: Devnet;
let na: Sodium;
let net: SessionNetwork;
let transport: UndiciTransport;

beforeAll(async () => {
  na = await loadSodium();
  const dir = mkdtempSync(join(tmpdir(), 'grp-auth-'));
  dn = await startDevnet({ dir, nodes: 6, swarmSize: 3, rateLimit: false });
  transport = new UndiciTransport();
  net = new SessionNetwork({ config: loadNetworkConfig(join(dir, 'devnet.json')), transport });
}, 60_000);
afterAll(async () => {
  await transport?.close();
  await dn?.stop();
});

const TTL = 3600_000;

describe('group swarm access', () => {
  it('admin stores, a member reads and writes with its subaccount; once revoked it can do neither', async () => {
    const group = groupFromSeed(na, na.randombytes_buf(32));
    const member = await deriveIdentity(na.randombytes_buf(16));
    const outsider = await deriveIdentity(na.randombytes_buf(16));
    const admin = adminAuth(na, group);
    await storeMessage(net, {
      to: group.groupId,
      namespace: 11,
      data: Uint8Array.of(1, 2, 3),
      ttl: TTL,
      signer: admin,
    });
    const sub = makeSubaccount(na, group, member.accountId);
    const mAuth = memberAuth(na, group.groupId, sub.authData, member.ed25519Sk);
    const got = await retrieveMessages(net, { signer: mAuth, namespace: 11, lastHash: () => undefined });
    expect(got.messages.map((m) => [...m.data])).toEqual([[1, 2, 3]]);
    await storeMessage(net, {
      to: group.groupId,
      namespace: 11,
      data: Uint8Array.of(4),
      ttl: TTL,
      signer: mAuth,
    });

    // someone else's auth data (made for the member) does not sign for an outsider
    const stolen = memberAuth(na, group.groupId, sub.authData, outsider.ed25519Sk);
    await expect(
      retrieveMessages(net, { signer: stolen, namespace: 11, lastHash: () => undefined }),
    ).rejects.toSatisfy((e) => isSessionError(e, 'REMOTE_REJECTED'));
    // removal: the admin revokes the member's token
    await setRevoked(na, net, group, [sub.token], true);
    await expect(
      retrieveMessages(net, { signer: mAuth, namespace: 11, lastHash: () => undefined }),
    ).rejects.toSatisfy((e) => isSessionError(e, 'REMOTE_REJECTED') && /401/.test((e as Error).message));
    await expect(
      storeMessage(net, {
        to: group.groupId,
        namespace: 11,
        data: Uint8Array.of(5),
        ttl: TTL,
        signer: mAuth,
      }),
    ).rejects.toSatisfy((e) => isSessionError(e, 'REMOTE_REJECTED'));
    // −11 stays readable with a revoked token (unrevocable namespace)
    await storeMessage(net, {
      to: group.groupId,
      namespace: -11,
      data: Uint8Array.of(9),
      ttl: TTL,
      signer: admin,
    });
    const kicked = await retrieveMessages(net, { signer: mAuth, namespace: -11, lastHash: () => undefined });
    expect(kicked.messages).toHaveLength(1);
    // unrevoke restores access
    await setRevoked(na, net, group, [sub.token], false);
    expect(
      (await retrieveMessages(net, { signer: mAuth, namespace: 11, lastHash: () => undefined })).messages
        .length,
    ).toBe(2);
  }, 120_000);
});
