import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  editUserConfig,
  loadUserConfigs,
  mergePolled,
  pushPending,
  readUserConfig,
  syncNow,
  type SyncContext,
} from '../../src/actions/sync.js';
import { openClient, type SessionClient } from '../../src/client.js';
import { ConfigState } from '../../src/config/config-state.js';
import { CONVO_INFO_VOLATILE, ConvoInfoVolatileView } from '../../src/config/convo-info-volatile.js';
import { userKeysOf } from '../../src/config/transport.js';
import { loadSodium } from '../../src/crypto/sodium.js';
import { startDevnet, type Devnet } from '../../src/devnet/index.js';
import { createIdentity } from '../../src/identity/account.js';
import { tempDir } from '../helpers/cli.js';

/**
 * ConvoInfoVolatile retention through the sync actions (groups-and-config.md §3.3): read positions
 * older than 45 days (and not unread) are dropped when the config is pushed, and a merge of an
 * older copy that still holds them does not bring them back. The clock is injected: it runs 100
 * days ahead of the real one, so only it can make these entries stale.
 */
const DAY = 24 * 3600 * 1000;
const NS = CONVO_INFO_VOLATILE.namespace;
const ahead = (): number => Date.now() + 100 * DAY;
const X = '05' + '11'.repeat(32); // read 50 days before the injected now: stale
const Y = '05' + '22'.repeat(32); // read a day before: kept
const U = '05' + '33'.repeat(32); // read 60 days before but marked unread: kept
const Z = '05' + '44'.repeat(32); // another device's fresh entry
const noPass = async (): Promise<undefined> => undefined;

let dn: Devnet;
let devA: SessionClient;
let devB: SessionClient;
let ctxA: SyncContext;
let ctxB: SyncContext;

const ids = async (c: SessionClient): Promise<string[]> =>
  new ConvoInfoVolatileView(await readUserConfig(c.keys.accountId, c.db, NS))
    .all('one-to-one')
    .map((e) => e.id)
    .sort();

beforeAll(async () => {
  const root = tempDir('convo-retention-');
  dn = await startDevnet({ dir: join(root, 'devnet'), nodes: 4, swarmSize: 3 });
  const network = join(root, 'devnet', 'devnet.json');
  const a = await createIdentity({
    dataDir: join(root, 'a'),
    name: 'me',
    backend: 'plaintext',
    passphrase: noPass,
  });
  await createIdentity({
    dataDir: join(root, 'b'),
    name: 'me',
    backend: 'plaintext',
    passphrase: noPass,
    recoveryPassword: a.recoveryPassword,
  });
  devA = await openClient({ dataDir: join(root, 'a'), profile: 'me', passphrase: noPass, network });
  devB = await openClient({ dataDir: join(root, 'b'), profile: 'me', passphrase: noPass, network });
  ctxA = { keys: devA.keys, net: devA.net, db: devA.db, store: devA.store, now: ahead };
  ctxB = { keys: devB.keys, net: devB.net, db: devB.db, store: devB.store, now: ahead };
}, 120_000);

afterAll(async () => {
  await devA?.close();
  await devB?.close();
  await dn?.stop();
});

describe('ConvoInfoVolatile retention', () => {
  it('the push drops entries read before the window (not unread ones); the other device gets the pruned copy', async () => {
    const now = ahead();
    await editUserConfig(
      devA.keys.accountId,
      devA.db,
      NS,
      (d) => {
        const v = new ConvoInfoVolatileView(d);
        v.set('one-to-one', X, { lastReadMs: now - 50 * DAY, unread: false });
        v.set('one-to-one', Y, { lastReadMs: now - 1 * DAY, unread: false });
        v.set('one-to-one', U, { lastReadMs: now - 60 * DAY, unread: true });
      },
      now,
    );
    // kept locally until it is pushed
    expect(await ids(devA)).toEqual([X, Y, U].sort());
    const p = await pushPending(ctxA);
    expect(p.pushed.map((x) => x.namespace)).toContain(NS);
    expect(await ids(devA)).toEqual([Y, U].sort());
    const st = (await loadUserConfigs(devA.keys, devA.db)).states.get(NS)!;
    expect(st.status).toBe('clean');

    const rb = await syncNow(ctxB, { keepAlive: false });
    expect(rb.namespaces.find((n) => n.namespace === NS)).toMatchObject({ merged: 'adopted' });
    expect(await ids(devB)).toEqual([Y, U].sort());
  }, 120_000);

  it('the real clock alone does not prune them: the window is measured on the injected clock', async () => {
    const real = await editUserConfig(
      devB.keys.accountId,
      devB.db,
      NS,
      (d) =>
        new ConvoInfoVolatileView(d).set('one-to-one', X, { lastReadMs: Date.now() - DAY, unread: false }),
      Date.now(),
    );
    expect(real).toBe(true);
    // pushed with the real clock: a day old, kept
    await pushPending({ ...ctxB, now: Date.now });
    expect(await ids(devB)).toContain(X);
    // A (100 days ahead) merges it and the entry is 101 days old there: dropped at once
    await syncNow(ctxA, { keepAlive: false });
    expect(await ids(devA)).not.toContain(X);
  }, 120_000);

  it('a merge of an older copy that still holds a pruned entry does not bring it back', async () => {
    const now = ahead();
    // a device that does not prune: its copy (seqno 1, like the one A pushed) still holds X,
    // written in its diff, plus a fresh entry Z of its own
    const na = await loadSodium();
    const other = new ConfigState({
      sodium: na,
      ...CONVO_INFO_VOLATILE,
      keyBases: () => [devA.keys.seed32],
      userKeys: userKeysOf(na, devA.keys.seed32),
    });
    other.edit((d) => {
      const v = new ConvoInfoVolatileView(d);
      v.set('one-to-one', X, { lastReadMs: now - 50 * DAY, unread: false });
      v.set('one-to-one', Z, { lastReadMs: now - 2 * DAY, unread: false });
    });
    const [payload] = other.push().payloads;
    const r = await mergePolled(
      ctxA,
      { items: new Map([[NS, new Map([['older-copy-hash', payload!]])]]), cursors: [] },
      { push: false, keepAlive: false },
    );
    expect(r.namespaces.find((n) => n.namespace === NS)?.merged).toBe('merged');
    // Z merged in, X not back (nothing was pushed: this is the merge's own doing)
    expect(await ids(devA)).toContain(Z);
    expect(await ids(devA)).not.toContain(X);
  }, 60_000);
});
