// 1:1 messages: encode/decode throughput next to the primitives they are made of; a cold
// `message send` (new process, cached pool and paths) and a `receive` of 1,000 waiting messages.
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';

// Async: the devnet runs in this process and must keep answering while the CLI runs.
const run = promisify(execFile);
import { join } from 'node:path';
import { createPrivateKey, createPublicKey, sign as nodeSign, verify as nodeVerify } from 'node:crypto';
import sodium from 'libsodium-wrappers-sumo';
import { startDevnet } from '../dist/src/devnet/index.js';
import { deriveIdentity } from '../dist/src/identity/keys.js';
import { decodeIncoming, encodeOutgoing } from '../dist/src/messages/one-to-one.js';
import { createIdentity } from '../dist/src/identity/account.js';
import { openClient } from '../dist/src/client.js';
import { sendMessage } from '../dist/src/actions/send-message.js';

async function rate(fn, ms = 1000) {
  const end = performance.now() + ms;
  let n = 0;
  const t0 = performance.now();
  while (performance.now() < end) {
    await fn();
    n++;
  }
  return (n * 1000) / (performance.now() - t0);
}

const median = (xs) => [...xs].sort((a, b) => a - b)[xs.length >> 1];

export default async function messages({ tmpDir, binPath }) {
  await sodium.ready;
  const a = await deriveIdentity(new Uint8Array(16).fill(1));
  const b = await deriveIdentity(new Uint8Array(16).fill(2));
  const sender = { ed25519Sk: a.ed25519Sk, ed25519Pk: a.ed25519Pk };
  const content = { kind: 'visible', body: 'the build is green' };
  const wire = await encodeOutgoing({ content, timestamp: Date.now(), sender, recipient: b.accountId });
  const encRate = await rate(() =>
    encodeOutgoing({ content, timestamp: Date.now(), sender, recipient: b.accountId }),
  );
  const decRate = await rate(() => decodeIncoming(wire, b));
  // The primitives: one Ed25519 sign + one sealed box (encrypt); one open + one verify (decrypt).
  const m = new Uint8Array(160);
  const sig = sodium.crypto_sign_detached(m, a.ed25519Sk);
  const sealed = sodium.crypto_box_seal(m, b.x25519Pk);
  const primEnc = await rate(() => {
    sodium.crypto_sign_detached(m, a.ed25519Sk);
    sodium.crypto_box_seal(m, b.x25519Pk);
  });
  // Node's native Ed25519 (what a faster implementation could use for the signature part).
  const pkcs8 = Buffer.concat([Buffer.from('302e020100300506032b657004220420', 'hex'), a.seed32]);
  const nodeSk = createPrivateKey({ key: pkcs8, format: 'der', type: 'pkcs8' });
  const nodePk = createPublicKey(nodeSk);
  const nativeSign = await rate(() => nodeSign(null, m, nodeSk));
  const nativeSig = nodeSign(null, m, nodeSk);
  const nativeVerify = await rate(() => nodeVerify(null, m, nodePk, nativeSig));
  const sodiumSign = await rate(() => sodium.crypto_sign_detached(m, a.ed25519Sk));
  const primDec = await rate(() => {
    sodium.crypto_box_seal_open(sealed, b.x25519Pk, b.x25519Sk);
    sodium.crypto_sign_verify_detached(sig, m, a.ed25519Pk);
  });

  const dn = await startDevnet({ dir: join(tmpDir, 'dn'), nodes: 9, swarmSize: 3, rateLimit: false });
  try {
    const network = join(tmpDir, 'dn', 'devnet.json');
    const dataDir = join(tmpDir, 'data');
    const none = () => Promise.resolve(undefined);
    await createIdentity({ dataDir, name: 'alice', backend: 'plaintext', passphrase: none });
    const bob = await createIdentity({ dataDir, name: 'bob', backend: 'plaintext', passphrase: none });
    const env = { ...process.env, SESSION_DATA_DIR: dataDir, SESSION_NETWORK: network };
    const cold = [];
    for (let i = 0; i < 5; i++) {
      const t0 = performance.now();
      await run(
        process.execPath,
        [binPath, 'message', 'send', bob.keys.accountId, `cold ${i}`, '--profile', 'alice'],
        { env },
      );
      cold.push(performance.now() - t0);
    }
    const ca = await openClient({ dataDir, profile: 'alice', network, passphrase: none });
    try {
      for (let i = 0; i < 1000; i += 25) {
        await Promise.all(
          Array.from({ length: 25 }, (_, j) =>
            sendMessage(ca, { to: bob.keys.accountId, text: `bulk ${i + j}` }),
          ),
        );
      }
    } finally {
      await ca.close();
    }
    const t0 = performance.now();
    const r = await run(process.execPath, [binPath, 'message', 'receive', '--profile', 'bob', '--json'], {
      env,
      maxBuffer: 64 << 20,
    });
    const recvMs = performance.now() - t0;
    const got = JSON.parse(r.stdout).result.messages.length;
    return [
      { group: 'messages', name: 'encode 1:1 (pad, sign, seal, wrap)', value: encRate, unit: 'msg/s' },
      { group: 'messages', name: 'primitives: sign + seal', value: primEnc, unit: 'msg/s' },
      { group: 'messages', name: 'encode / primitives', value: primEnc / encRate, unit: 'x', target: '≤ 2x' },
      { group: 'messages', name: 'Ed25519 sign: libsodium (wasm)', value: sodiumSign, unit: 'op/s' },
      { group: 'messages', name: 'Ed25519 sign: node:crypto (native)', value: nativeSign, unit: 'op/s' },
      { group: 'messages', name: 'Ed25519 verify: node:crypto (native)', value: nativeVerify, unit: 'op/s' },
      { group: 'messages', name: 'decode 1:1 (open, verify, unpad, parse)', value: decRate, unit: 'msg/s' },
      { group: 'messages', name: 'primitives: open + verify', value: primDec, unit: 'msg/s' },
      { group: 'messages', name: 'decode / primitives', value: primDec / decRate, unit: 'x', target: '≤ 2x' },
      {
        group: 'messages',
        name: 'cold `message send` (new process), median',
        value: median(cold),
        unit: 'ms',
        target: '< 1000 ms',
      },
      {
        group: 'messages',
        name: `\`message receive\` of 1,000 waiting (got ${got})`,
        value: recvMs,
        unit: 'ms',
        target: '< 3000 ms',
      },
    ];
  } finally {
    await dn.stop();
  }
}
