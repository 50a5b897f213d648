// Groups (issue 13): the admin's rekey of a 100-member group (new key, one entry per member's
// X25519 key, signed), the message layer (encrypt and decrypt of one group message), and one
// member's receive of a group whose swarm holds 1,000 waiting messages, on a devnet, through the
// same library entry points the CLI uses.
import { join } from 'node:path';
import { startDevnet } from '../dist/src/devnet/index.js';
import { createIdentity } from '../dist/src/identity/account.js';
import { openClient } from '../dist/src/client.js';
import { loadSodium } from '../dist/src/crypto/sodium.js';
import { decryptGroupMessage, encryptGroupMessage, groupFromSeed } from '../dist/src/groups/crypto.js';
import { GroupKeys } from '../dist/src/groups/keys.js';
import { GroupSession } from '../dist/src/groups/group-session.js';
import { createGroup } from '../dist/src/actions/group-manage.js';
import { acceptInvite } from '../dist/src/actions/group-messages.js';
import { receiveMessages } from '../dist/src/actions/receive.js';
import { buildContent } from '../dist/src/messages/one-to-one.js';
import { SessionProtos } from '../dist/src/messages/proto.js';

const median = (xs) => [...xs].sort((a, b) => a - b)[xs.length >> 1];
const toHex = (b) => Buffer.from(b).toString('hex');

async function rekeyBench(runs) {
  const na = await loadSodium();
  const group = groupFromSeed(na, na.randombytes_buf(32));
  const members = Array.from({ length: 100 }, () => `05${toHex(na.crypto_box_keypair().publicKey)}`);
  const own = na.crypto_box_keypair();
  const keys = new GroupKeys(na, group, { xSk: own.privateKey, xPk: own.publicKey });
  const warm = 3;
  const times = [];
  let size = 0;
  for (let i = 0; i < runs + warm; i++) {
    const t0 = performance.now();
    const msg = keys.rekey(members);
    times.push(performance.now() - t0);
    size = msg.length;
    // loaded back as if from the swarm, so the next rekey is a new generation
    keys.load(`h${i}`, msg, Date.now() + i);
  }
  return { ms: median(times.slice(warm)), first: times[0], size };
}

async function messageBench() {
  const na = await loadSodium();
  const group = groupFromSeed(na, na.randombytes_buf(32));
  const sender = na.crypto_sign_keypair();
  const encKey = na.randombytes_buf(32);
  // what `message send` to a group encrypts: a short text's Content in a type-7 Envelope
  const content = buildContent({ kind: 'visible', body: 'see you at the meeting at 3, bring the slides' }, 1);
  const E = SessionProtos.Envelope;
  const plaintext = E.encode(
    E.create({ type: 7, sourceDevice: 1, timestamp: 1, content, proSig: new Uint8Array(64) }),
  ).finish();
  const p = { plaintext, senderEdSk: sender.privateKey, groupEdPk: group.edPk, encKey };
  // decryption tries every generation newest first: three older keys in front of the right one
  const keys = [na.randombytes_buf(32), na.randombytes_buf(32), na.randombytes_buf(32), encKey];
  const n = 2000;
  for (let i = 0; i < 200; i++) decryptGroupMessage(na, encryptGroupMessage(na, p), keys, group.edPk);
  const cts = [];
  let t0 = performance.now();
  for (let i = 0; i < n; i++) cts.push(encryptGroupMessage(na, p));
  const enc = (performance.now() - t0) / n;
  t0 = performance.now();
  for (const c of cts) decryptGroupMessage(na, c, keys, group.edPk);
  const dec = (performance.now() - t0) / n;
  return { enc, dec, bytes: cts[0].length, plain: plaintext.length };
}

async function pool(n, width, fn) {
  let next = 0;
  await Promise.all(
    Array.from({ length: width }, async () => {
      while (next < n) await fn(next++);
    }),
  );
}

async function pollBench(tmpDir) {
  const dn = await startDevnet({ dir: join(tmpDir, 'dn'), nodes: 6, swarmSize: 3, rateLimit: false });
  const clients = [];
  try {
    const network = join(tmpDir, 'dn', 'devnet.json');
    const noPass = async () => undefined;
    const open = async (name) => {
      await createIdentity({ dataDir: join(tmpDir, name), name, backend: 'plaintext', passphrase: noPass });
      const c = await openClient({ dataDir: join(tmpDir, name), profile: name, passphrase: noPass, network });
      clients.push(c);
      return c;
    };
    const a = await open('alice');
    const b = await open('bob');
    const g = await createGroup(a, { name: 'Bench', members: [b.keys.accountId] });
    await receiveMessages(b); // the invite
    await acceptInvite(b, { group: g.groupId });
    await receiveMessages(b); // nothing waiting: cursors in place, only the 1,000 are new
    // 1,000 messages from alice, eight stores at a time
    const total = 1000;
    const ga = await GroupSession.load(a, g.groupId);
    const base = Date.now();
    const tFill = performance.now();
    await pool(total, 8, async (i) => {
      const ts = base + i;
      await ga.storeContent(buildContent({ kind: 'visible', body: `group message ${i}` }, ts), ts);
    });
    const fillMs = performance.now() - tFill;
    const t0 = performance.now();
    const r = await receiveMessages(b);
    const ms = performance.now() - t0;
    const got = r.messages.filter((m) => m.conversation === g.groupId).length;
    const stored = b.store.db
      .prepare('SELECT count(*) AS n FROM messages WHERE conversation_id = ?')
      .get(g.groupId).n;
    if (got !== total || stored < total)
      throw new Error(`received ${got}, stored ${stored} of ${total} (skipped ${r.skipped.length})`);
    return { ms, fillMs, got };
  } finally {
    for (const c of clients) await c.close();
    await dn.stop();
  }
}

export default async function groups({ tmpDir, runs }) {
  const rekey = await rekeyBench(Math.max(runs, 9));
  const msg = await messageBench();
  const poll = await pollBench(tmpDir);
  return [
    {
      group: 'groups',
      name: 'rekey, 100 members (key, 100 X25519 entries, sign), median',
      value: rekey.ms,
      unit: 'ms',
      target: '< 100 ms',
      note: `${rekey.size} bytes; first of the process ${rekey.first.toFixed(1)} ms`,
    },
    {
      group: 'groups',
      name: 'encrypt one group message',
      value: msg.enc * 1000,
      unit: 'µs',
      note: `${msg.plain}-byte Envelope → ${msg.bytes} bytes`,
    },
    {
      group: 'groups',
      name: 'decrypt + verify one group message',
      value: msg.dec * 1000,
      unit: 'µs',
      note: 'the right key is the 4th tried',
    },
    {
      group: 'groups',
      name: 'receive 1,000 waiting group messages (decoded, stored)',
      value: poll.ms,
      unit: 'ms',
      target: '< 2000 ms',
      note: `devnet loopback; filling the swarm took ${poll.fillMs.toFixed(0)} ms`,
    },
  ];
}
