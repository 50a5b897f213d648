import { spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openClient, type SessionClient } from '../../src/client.js';
import { startDevnet, type Devnet } from '../../src/devnet/index.js';
import { encodeOutgoing, type OutgoingContent } from '../../src/messages/one-to-one.js';
import { retrieveMessages, storeMessage } from '../../src/rpc/storage.js';
import { runCli, type CliResult } from '../helpers/cli.js';
import { repoRoot } from '../helpers/spec.js';

/**
 * Issues 8 and 9 through the CLI against a local network: one message object everywhere, input
 * that cannot be wrong silently, message semantics (messages.md §3–§7) and unique timestamps.
 */
let dn: Devnet;
let root: string;
let network: string;
let dataDir: string;
const ids: Record<string, string> = {};
const noPass = () => Promise.resolve(undefined);
const cli = (args: string[], profile: string, stdin?: string) =>
  runCli(
    [...args, '--profile', profile, '--data-dir', dataDir, '--network', network, '--json'],
    stdin === undefined ? {} : { stdin },
  );
const human = (args: string[], profile: string) =>
  runCli([...args, '--profile', profile, '--data-dir', dataDir, '--network', network]);

/** The CLI with raw bytes on stdin (runCli only takes strings). */
function runWithBytes(args: string[], stdin: Uint8Array): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [join(repoRoot, 'bin', 'run.js'), ...args], {
      env: { ...process.env, SESSION_SECRET_BACKEND: 'file', NO_COLOR: '1' },
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => {
      let json: unknown;
      try {
        json = JSON.parse(stdout);
      } catch {
        json = undefined;
      }
      resolve({ code: code ?? -1, stdout, stderr, json });
    });
    child.stdin.end(Buffer.from(stdin));
  });
}

/** A message built and stored by the library, for what the CLI would never send itself. */
async function craft(from: SessionClient, to: string, timestamp: number, content: OutgoingContent) {
  const sender = { ed25519Sk: from.keys.ed25519Sk, ed25519Pk: from.keys.ed25519Pk };
  const data = await encodeOutgoing({ content, timestamp, sender, recipient: to });
  return storeMessage(from.net, { to, namespace: 0, data, ttl: 3_600_000 });
}

/** Every message currently in an account's own swarm (namespace 0), from the start. */
async function swarmHashes(c: SessionClient): Promise<Map<string, number | null>> {
  const signer = { accountId: c.keys.accountId, ed25519Pk: c.keys.ed25519Pk, ed25519Sk: c.keys.ed25519Sk };
  const all = new Map<string, number | null>();
  let last: string | undefined;
  for (let i = 0; i < 20; i++) {
    const b = await retrieveMessages(c.net, { signer, namespace: 0, lastHash: () => last, maxSize: -1 });
    for (const m of b.messages) all.set(m.hash, m.expiration ?? null);
    if (!b.more || b.messages.length === 0) break;
    last = b.messages[b.messages.length - 1]!.hash;
  }
  return all;
}

let ann: SessionClient;
let ben: SessionClient;

beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), 'e2e-sem-'));
  dn = await startDevnet({ dir: join(root, 'devnet'), nodes: 6, swarmSize: 3, rateLimit: false });
  network = join(root, 'devnet', 'devnet.json');
  dataDir = join(root, 'data');
  for (const name of ['ann', 'ben', 'cat', 'dan', 'eve']) {
    const r = await runCli([
      'identity',
      'create',
      '--name',
      name,
      '--display-name',
      name.toUpperCase(),
      '--no-passphrase',
      '--json',
      '--data-dir',
      dataDir,
    ]);
    ids[name] = r.json.result.accountId;
  }
  ann = await openClient({ dataDir, profile: 'ann', network, passphrase: noPass });
  ben = await openClient({ dataDir, profile: 'ben', network, passphrase: noPass });
  await ann.net.bootstrap();
  await ben.net.bootstrap();
});
afterAll(async () => {
  await ann?.close();
  await ben?.close();
  await dn?.stop();
});

const messageShape = {
  type: 'message',
  id: expect.stringMatching(/^05[0-9a-f]{64}:\d+$/),
  cursor: expect.any(Number),
  hash: expect.any(String),
  from: expect.any(String),
  conversation: expect.any(String),
  direction: expect.stringMatching(/^(in|out)$/),
  timestamp: expect.any(Number),
  text: expect.any(String),
  attachments: [],
  expiresAt: null,
};

describe('one message object', () => {
  it('send, receive and list give the same object: id AUTHOR:TIMESTAMP, cursor, hash, from, attachments', async () => {
    const s = await cli(['message', 'send', ids.ben!, 'shape check'], 'ann');
    expect(s.code).toBe(0);
    const sent = s.json.result;
    expect(sent).toMatchObject({
      ...messageShape,
      id: `${ids.ann}:${sent.timestamp}`,
      from: ids.ann,
      conversation: ids.ben,
      direction: 'out',
      text: 'shape check',
      to: ids.ben,
      messageHash: expect.any(String),
    });
    const listA = (await cli(['message', 'list', ids.ben!], 'ann')).json.result.messages;
    const { to: _to, messageHash: _mh, confirmations: _c, ...object } = sent;
    expect(listA.at(-1)).toEqual(object);

    const r = await cli(['message', 'receive'], 'ben');
    expect(r.code).toBe(0);
    const got = r.json.result.messages.find((m: any) => m.id === sent.id);
    expect(got).toMatchObject({ ...messageShape, from: ids.ann, conversation: ids.ann, direction: 'in' });
    expect(got.hash).not.toBe(sent.hash); // ben's copy in ben's swarm
    const listB = (await cli(['message', 'list', ids.ann!], 'ben')).json.result.messages;
    expect(listB.find((m: any) => m.id === sent.id)).toEqual(got);
    expect(listB.every((m: any) => typeof m.cursor === 'number' && !('author' in m))).toBe(true);
  });

  it('human receive shows display names, marks requests and indents continuation lines', async () => {
    await cli(['message', 'send', ids.cat!, 'line one\nline two'], 'dan');
    const r = await human(['message', 'receive'], 'cat');
    expect(r.code).toBe(0);
    const lines = r.stdout.split('\n');
    const i = lines.findIndex((l) => l.includes('line one'));
    expect(lines[i]).toMatch(/\[request\] DAN \(05[0-9a-f]{6}…\): line one$/);
    expect(lines[i + 1]).toBe('    line two');
  });
});

describe('input that cannot be wrong silently', () => {
  it('TEXT with --file, or "-" with --file, is a usage error (exit 2, INVALID_INPUT)', async () => {
    const f = join(root, 'msg.txt');
    writeFileSync(f, 'from a file');
    for (const text of ['hello', '-']) {
      const r = await cli(['message', 'send', ids.ben!, text, '--file', f], 'ann');
      expect(r.code).toBe(2);
      expect(r.json.error.code).toBe('INVALID_INPUT');
    }
  });

  it('text that is not UTF-8 is refused (stdin and --file), nothing is sent', async () => {
    const latin1 = new Uint8Array([0x63, 0x61, 0x66, 0xe9, 0x0a]); // "café\n" in Latin-1
    const r = await runWithBytes(
      [
        'message',
        'send',
        ids.ben!,
        '-',
        '--profile',
        'ann',
        '--data-dir',
        dataDir,
        '--network',
        network,
        '--json',
      ],
      latin1,
    );
    expect(r.code).toBe(2);
    expect(r.json.error).toMatchObject({ code: 'INVALID_INPUT', message: expect.stringContaining('UTF-8') });
    const f = join(root, 'latin1.txt');
    writeFileSync(f, latin1);
    const g = await cli(['message', 'send', ids.ben!, '--file', f], 'ann');
    expect(g.code).toBe(2);
    expect(g.json.error.message).toContain('UTF-8');
    const after = await cli(['message', 'receive'], 'ben');
    expect(after.json.result.messages.map((m: any) => m.text)).toEqual([]);
  });

  it('valid UTF-8 on stdin arrives unaltered', async () => {
    const text = 'naïve ✓ 日本 \u{1F600}\r\nsecond';
    await runWithBytes(
      [
        'message',
        'send',
        ids.ben!,
        '--profile',
        'ann',
        '--data-dir',
        dataDir,
        '--network',
        network,
        '--json',
      ],
      Buffer.from(text + '\n'),
    );
    const r = await cli(['message', 'receive'], 'ben');
    expect(r.json.result.messages.map((m: any) => m.text)).toEqual([text]);
  });

  it('--disappear takes one value and cannot swallow TEXT', async () => {
    const r = await cli(
      ['message', 'send', ids.ben!, '--disappear', 'after-read', '1h', 'swallowed?'],
      'ann',
    );
    expect(r.code).toBe(2);
    const m = await cli(['message', 'send', ids.ben!, '--disappear', 'after-read', 'hello'], 'ann');
    expect(m.code).toBe(2);
    expect(m.json.error.message).toContain('--disappear "after-read" is not MODE:DURATION');
    expect((await cli(['message', 'receive'], 'ben')).json.result.messages).toEqual([]);
  });

  it('numbers and durations out of range name the flag and the reason', async () => {
    const ttl = await cli(['message', 'send', ids.ben!, 'x', '--ttl', '20d'], 'ann');
    expect(ttl.code).toBe(2);
    expect(ttl.json.error.message).toBe('--ttl "20d" is too long: the maximum is 2w');
    const dis = await cli(['message', 'send', ids.ben!, 'x', '--disappear', 'after-send:30d'], 'ann');
    expect(dis.json.error.message).toBe('--disappear "30d" is too long: the maximum is 2w');
    const lim = await cli(['message', 'list', ids.ben!, '--limit', '0'], 'ann');
    expect(lim.code).toBe(2);
    expect(lim.json.error.message).toBe('--limit 0 is out of range: it must be between 1 and 100000');
    const iv = await cli(['message', 'receive', '--follow', '--interval', '0'], 'ann');
    expect(iv.code).toBe(2);
    expect(iv.json.error.message).toContain('--interval 0 is out of range');
  });
});

describe('odd input from the network', () => {
  it('same author and timestamp with different content: both kept, with a warning', async () => {
    const t = Date.now() - 5000;
    await craft(ann, ids.ben!, t, { kind: 'visible', body: 'version A' });
    await craft(ann, ids.ben!, t, { kind: 'visible', body: 'version B' });
    const r = await cli(['message', 'receive'], 'ben');
    expect(r.code).toBe(0);
    expect(r.json.result.messages.map((m: any) => m.text).sort()).toEqual(['version A', 'version B']);
    expect(r.json.warnings).toEqual([expect.stringContaining(`${ids.ann}:${t}`)]);
  });

  it('a timestamp of 8.64e15+1 never crashes receive or message list (human or JSON)', async () => {
    const t = 8.64e15 + 1;
    await craft(ann, ids.ben!, t, { kind: 'visible', body: 'from the far future' });
    const r = await human(['message', 'receive'], 'ben');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('invalid-time(8640000000000001)');
    expect(r.stdout).toContain('from the far future');
    const l = await human(['message', 'list', ids.ann!], 'ben');
    expect(l.code).toBe(0);
    expect(l.stdout).toContain('from the far future');
    const j = await cli(['message', 'list', ids.ann!], 'ben');
    expect(j.code).toBe(0);
    expect(j.json.result.messages.find((m: any) => m.text === 'from the far future').timestamp).toBe(t);
  });
});

describe('message semantics (messages.md §3–§7)', () => {
  it("the sender's own copy of an after-read message starts its timer when sent (§6)", async () => {
    const s = await cli(
      ['message', 'send', ids.cat!, 'read me later', '--disappear', 'after-read:1h'],
      'ann',
    );
    expect(s.code).toBe(0);
    const t = s.json.result.timestamp as number;
    expect(s.json.result.expiresAt).toBe(t + 3_600_000);
    // On the network too: the sync copy in ann's swarm expires with the timer, not after 14 days.
    const exp = (await swarmHashes(ann)).get(s.json.result.hash);
    expect(exp).toBeLessThanOrEqual(Date.now() + 3_600_000 + 60_000);
    // A second device of ann sees the timer already running.
    const phrase = (
      await runCli(['identity', 'export', '--yes', '--json', '--profile', 'ann', '--data-dir', dataDir])
    ).json.result.recoveryPassword as string;
    const dir2 = mkdtempSync(join(tmpdir(), 'e2e-sem-dev2-'));
    await runCli(['identity', 'restore', '--no-passphrase', '--json', '--data-dir', dir2], { stdin: phrase });
    const r = await runCli(['message', 'receive', '--json', '--data-dir', dir2, '--network', network]);
    const mine = r.json.result.messages.find((m: any) => m.id === s.json.result.id);
    expect(mine).toMatchObject({ direction: 'out', conversation: ids.cat });
    expect(mine.expiresAt).toBeLessThanOrEqual(t + 3_600_000);
    expect(mine.expiresAt).toBeGreaterThan(t);
  });

  it("a received unsend also deletes the recipient's own swarm copy (§7)", async () => {
    const s = await cli(['message', 'send', ids.ben!, 'take it back'], 'ann');
    const got = (await cli(['message', 'receive'], 'ben')).json.result.messages.find(
      (m: any) => m.text === 'take it back',
    );
    expect((await swarmHashes(ben)).has(got.hash)).toBe(true);
    const del = await cli(['message', 'delete', s.json.result.id, '--for-everyone'], 'ann');
    expect(del.code).toBe(0);
    const r = await cli(['message', 'receive'], 'ben');
    expect(r.json.result.events).toContainEqual(
      expect.objectContaining({ type: 'unsend', id: s.json.result.id, cursor: expect.any(Number) }),
    );
    expect((await swarmHashes(ben)).has(got.hash)).toBe(false);
    const list = await cli(['message', 'list', ids.ann!], 'ben');
    expect(list.json.result.messages.map((m: any) => m.text)).not.toContain('take it back');
  });

  it('a received MessageRequestResponse marks the contact as having approved us (§4)', async () => {
    await cli(['message', 'send', ids.eve!, 'hi eve'], 'cat');
    const before = (await cli(['conversation', 'list'], 'cat')).json.result.conversations;
    expect(before.find((c: any) => c.id === ids.eve)).toMatchObject({ approvedMe: false });
    await cli(['message', 'receive'], 'eve');
    expect((await cli(['request', 'accept', ids.cat!], 'eve')).code).toBe(0);
    const r = await cli(['message', 'receive'], 'cat');
    // Only the response came from eve: no ordinary message that would count as approval too.
    expect(r.json.result.messages.filter((m: any) => m.from === ids.eve)).toEqual([]);
    const after = (await cli(['conversation', 'list'], 'cat')).json.result.conversations;
    expect(after.find((c: any) => c.id === ids.eve)).toMatchObject({ approvedMe: true, displayName: 'EVE' });
  });

  it('Note to Self stores only the sync copy: one store, not two', async () => {
    const before = await swarmHashes(ben);
    const s = await cli(['message', 'send', ids.ben!, 'note to self'], 'ben');
    expect(s.code).toBe(0);
    expect(s.json.result).toMatchObject({ conversation: ids.ben, direction: 'out', from: ids.ben });
    expect(s.json.result.messageHash).toBe(s.json.result.hash);
    const after = await swarmHashes(ben);
    expect([...after.keys()].filter((h) => !before.has(h))).toEqual([s.json.result.hash]);
    const list = await cli(['message', 'list', ids.ben!], 'ben');
    expect(list.json.result.messages.map((m: any) => m.text)).toEqual(['note to self']);
  });

  it('profile updates carry lastProfileUpdateSeconds: older profile data is ignored by the receiver', async () => {
    const p = await cli(['profile', 'set', '--name', 'Ann Two'], 'ann');
    const s0 = p.json.result.lastProfileUpdateSeconds as number;
    expect(s0).toBeGreaterThan(1_600_000_000);
    await cli(['message', 'send', ids.dan!, 'new name'], 'ann');
    await cli(['message', 'receive'], 'dan');
    const name = async () =>
      (await cli(['conversation', 'list'], 'dan')).json.result.conversations.find(
        (c: any) => c.id === ids.ann,
      ).displayName;
    expect(await name()).toBe('Ann Two');
    // An older profile (e.g. from a stale device) arriving later does not win...
    await craft(ann, ids.dan!, Date.now(), {
      kind: 'visible',
      body: 'stale',
      displayName: 'Stale Ann',
      profileUpdatedSeconds: s0 - 10,
    });
    await cli(['message', 'receive'], 'dan');
    expect(await name()).toBe('Ann Two');
    // ...a newer one does.
    await craft(ann, ids.dan!, Date.now(), {
      kind: 'visible',
      body: 'newer',
      displayName: 'Ann Three',
      profileUpdatedSeconds: s0 + 10,
    });
    await cli(['message', 'receive'], 'dan');
    expect(await name()).toBe('Ann Three');
  });
});

describe('timestamps unique per account across processes', () => {
  it('several CLI processes sending at once from one profile: distinct timestamps, every message arrives', async () => {
    const n = 5;
    // Another process of ben just took a T a minute ahead (e.g. its network time was ahead): every
    // new T must come after it, so the allocation really goes through the profile database.
    const taken = ben.store.allocateTimestamp(Date.now() + 60_000);
    const sent = await Promise.all(
      Array.from({ length: n }, (_, i) => cli(['message', 'send', ids.cat!, `parallel ${i}`], 'ben')),
    );
    expect(sent.map((s) => s.code)).toEqual(Array(n).fill(0));
    const ts = sent.map((s) => s.json.result.timestamp as number);
    expect(new Set(ts).size).toBe(n);
    expect(Math.min(...ts)).toBeGreaterThan(taken);
    expect(Math.max(...ts)).toBeLessThanOrEqual(taken + n); // allocated in one tight sequence
    const r = await cli(['message', 'receive'], 'cat');
    const got = r.json.result.messages.filter((m: any) => m.text?.startsWith('parallel '));
    expect(got.map((m: any) => m.text).sort()).toEqual(Array.from({ length: n }, (_, i) => `parallel ${i}`));
  });
});

describe('receive --follow', () => {
  const args = (profile: string, extra: string[]) => [
    join(repoRoot, 'bin', 'run.js'),
    'message',
    'receive',
    '--follow',
    '--interval',
    '1',
    ...extra,
    '--profile',
    profile,
    '--data-dir',
    dataDir,
    '--network',
    network,
  ];

  it(
    '--json: NDJSON events for messages, typing, read receipts, unsends and requests; Ctrl-C exits 130',
    { timeout: 180_000 },
    async () => {
      // Ann wants a receipt: ben accepts ann and reads with --read-receipts while ann follows.
      const ask = await cli(['message', 'send', ids.ben!, 'please read'], 'ann');
      const child = spawn(process.execPath, args('ann', ['--json']), {
        env: { ...process.env, SESSION_SECRET_BACKEND: 'file' },
      });
      let out = '';
      child.stdout.on('data', (d: Buffer) => (out += d.toString()));
      const closed = new Promise<number | null>((r) => child.once('close', (code) => r(code)));
      let err = '';
      child.stderr.on('data', (d: Buffer) => (err += d.toString()));
      const waitFor = async (pred: () => boolean) => {
        const deadline = Date.now() + 30_000;
        while (!pred() && Date.now() < deadline) await new Promise((r) => setTimeout(r, 200));
      };
      const events = () =>
        out
          .split('\n')
          .filter((l) => l.trim() !== '')
          .map((l) => JSON.parse(l));
      let code: number | null;
      try {
        await new Promise((r) => setTimeout(r, 1500)); // let the follow start polling
        expect((await cli(['request', 'accept', ids.ann!], 'ben')).code).toBe(0);
        await cli(['message', 'receive', '--read-receipts'], 'ben');
        const typed = await cli(['message', 'send', ids.ann!, 'typed', '--typing'], 'ben');
        await waitFor(() => out.includes('"typed"'));
        await cli(['message', 'delete', typed.json.result.id, '--for-everyone'], 'ben');
        await cli(['message', 'send', ids.ann!, 'hello from eve'], 'eve');
        await waitFor(
          () =>
            events().some((e) => e.type === 'unsend') &&
            events().some((e) => e.type === 'request') &&
            events().some((e) => e.type === 'read'),
        );
        child.kill('SIGINT');
        code = await closed;
        const ev = events();
        if (!ev.some((e) => e.type === 'request')) console.log('follow output:', out, err);
        expect(ev.find((e) => e.type === 'read')).toMatchObject({
          id: ask.json.result.id,
          by: ids.ben,
          cursor: expect.any(Number),
        });
        expect(ev.find((e) => e.type === 'message' && e.text === 'typed')).toMatchObject({
          ...messageShape,
          id: typed.json.result.id,
          from: ids.ben,
        });
        expect(ev.find((e) => e.type === 'typing')).toMatchObject({
          from: ids.ben,
          action: 'started',
          id: expect.stringMatching(new RegExp(`^${ids.ben}:\\d+$`)),
          cursor: expect.any(Number),
        });
        expect(ev.find((e) => e.type === 'unsend')).toMatchObject({
          id: typed.json.result.id,
          cursor: expect.any(Number),
        });
        expect(ev.find((e) => e.type === 'request')).toMatchObject({
          from: ids.eve,
          displayName: 'EVE',
          id: expect.stringMatching(new RegExp(`^${ids.eve}:\\d+$`)),
        });
        for (const e of ev)
          expect(e).toMatchObject({
            type: expect.any(String),
            id: expect.any(String),
            cursor: expect.any(Number),
          });
      } finally {
        child.kill('SIGKILL');
      }
      expect(code).toBe(130);
      // What was shown was committed before the exit.
      const list = await cli(['message', 'list', ids.eve!], 'ann');
      expect(list.json.result.messages.map((m: any) => m.text)).toContain('hello from eve');
    },
  );

  it('--max-messages N ends a follow with exit 0 after N messages; without --json it prints human lines', async () => {
    const r = await runCli(args('ann', ['--since', '0', '--max-messages', '2']).slice(1), {
      timeoutMs: 60_000,
    });
    expect(r.code).toBe(0);
    const lines = r.stdout.split('\n').filter((l) => l !== '');
    expect(lines.length).toBeGreaterThanOrEqual(2);
    expect(() => JSON.parse(lines[0]!)).toThrow();
    expect(r.stdout).toMatch(/\d{4}-\d\d-\d\dT/);
    const j = await runCli([...args('ann', ['--since', '0', '--max-messages', '1', '--json']).slice(1)]);
    expect(j.code).toBe(0);
    expect(j.stdout.trim().split('\n')).toHaveLength(1);
    expect(JSON.parse(j.stdout)).toMatchObject({ type: 'message', cursor: expect.any(Number) });
  });

  it('--timeout S ends a follow with exit 0', async () => {
    const t0 = Date.now();
    const r = await runCli(args('cat', ['--timeout', '2s', '--json']).slice(1), { timeoutMs: 60_000 });
    expect(r.code).toBe(0);
    expect(Date.now() - t0).toBeGreaterThanOrEqual(2000);
    for (const l of r.stdout.split('\n').filter((x) => x !== '')) expect(() => JSON.parse(l)).not.toThrow();
    const bad = await runCli([
      'message',
      'receive',
      '--timeout',
      '2s',
      '--profile',
      'cat',
      '--data-dir',
      dataDir,
      '--json',
    ]);
    expect(bad.code).toBe(2); // --timeout belongs to --follow
  });
});
