// Communities: the moderation bot's decision time per message (rules engine, examples/bot-rules.yaml
// with a full per-author history), and verifying a 10,000-message room (what `community read`
// spends its CPU on: base64, Ed25519 verify against the 15 key, unpad, protobuf) next to the raw
// Ed25519 verify rate it is built on.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import sodium from 'libsodium-wrappers-sumo';
import { decide, PostHistory } from '../dist/src/communities/bot/decide.js';
import { parseRules } from '../dist/src/communities/bot/rules.js';
import { buildPostData } from '../dist/src/communities/post-data.js';
import { verifyRows } from '../dist/src/communities/verify.js';
import { blind15Id } from '../dist/src/crypto/blinding.js';

const SERVER = 'a03c383cf63c3c4efe67acc52112a6dd734b3a946b9545f488aaa93da7991238';

export default async function community({ repoRoot }) {
  await sodium.ready;
  const rows = [];

  // ---- bot decisions --------------------------------------------------------------------------
  const rules = parseRules(readFileSync(join(repoRoot, 'examples', 'bot-rules.yaml'), 'utf8'));
  const history = new PostHistory(rules);
  const author = '15' + 'ab'.repeat(32);
  const t0 = 1_700_000_000_000;
  for (let k = 0; k < 500; k++)
    history.add({
      room: 'lobby',
      author,
      id: k,
      postedMs: t0 + k * 500,
      text: `message number ${k} https://getsession.org/x`,
    });
  const texts = [
    'hello everyone, how is it going?',
    'BUY NOW: the best offer https://spam.example.com',
    'see https://docs.getsession.org/guide for details',
    'message number 12 https://getsession.org/x',
  ];
  const n = 20_000;
  let fired = 0;
  const start = performance.now();
  for (let k = 0; k < n; k++) {
    const msg = {
      room: 'lobby',
      id: 1000 + k,
      author,
      text: texts[k % texts.length],
      attachments: k % 10 === 0 ? [{ contentType: 'image/png' }] : [],
      postedMs: t0 + 250_000 + k,
    };
    fired += decide(rules, msg, history.of('lobby', author)).length > 0 ? 1 : 0;
  }
  const perMsgMs = (performance.now() - start) / n;
  rows.push({
    group: 'community',
    name: 'bot decision per message',
    value: perMsgMs * 1000,
    unit: 'µs',
    target: '< 5000 µs',
    note: `${rules.rules.length} rules, 500 posts of history, ${Math.round((fired * 100) / n)}% fired`,
  });

  // ---- verifying a 10,000-message room ------------------------------------------------------------
  const count = 10_000;
  const keys = Array.from({ length: 20 }, (_, k) =>
    sodium.crypto_sign_seed_keypair(new Uint8Array(32).fill(k + 1)),
  );
  const ids = await Promise.all(keys.map((kp) => blind15Id(kp.privateKey, SERVER)));
  const raw = [];
  for (let k = 0; k < count; k++) {
    const kp = keys[k % keys.length];
    const body = await buildPostData({
      text: `room message ${k}: the quick brown fox`,
      timestampMs: t0 + k,
      edSecretKey64: kp.privateKey,
      serverPkHex: SERVER,
    });
    raw.push({
      id: k + 1,
      seqno: k + 1,
      sessionId: ids[k % ids.length],
      postedMs: t0 + k,
      data: body.data,
      signature: body.signature,
    });
  }
  const vStart = performance.now();
  const v = await verifyRows(raw);
  const verifyRate = (count * 1000) / (performance.now() - vStart);
  if (v.rows.length !== count) throw new Error(`only ${v.rows.length} of ${count} rows verified`);
  // The raw primitive: crypto_sign_verify_detached over the same 160-byte padded posts.
  const msgs = raw.slice(0, 2000).map((r) => ({
    m: Buffer.from(r.data, 'base64'),
    s: Buffer.from(r.signature, 'base64'),
    pk: Buffer.from(r.sessionId.slice(2), 'hex'),
  }));
  let done = 0;
  const pStart = performance.now();
  while (performance.now() - pStart < 1000) {
    const x = msgs[done % msgs.length];
    sodium.crypto_sign_verify_detached(x.s, x.m, x.pk);
    done++;
  }
  const primRate = (done * 1000) / (performance.now() - pStart);
  rows.push({
    group: 'community',
    name: 'verified room messages/s (10,000)',
    value: verifyRate,
    unit: 'msg/s',
    target: '≥ 5000, within 2x of raw',
    note: `raw Ed25519 verify ${primRate.toFixed(0)}/s; ratio ${(primRate / verifyRate).toFixed(2)}x`,
  });
  return rows;
}
