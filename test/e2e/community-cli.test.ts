import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sogsSignedMessage } from '../../src/communities/auth.js';
import { startDevnet, type Devnet } from '../../src/devnet/index.js';
import { CommunityStore } from '../../src/store/communities.js';
import { openDatabase } from '../../src/store/database.js';
import { ProfileDirectory } from '../../src/store/profiles.js';
import { runCli, type CliResult } from '../helpers/cli.js';
import { blindedUser, sogs } from '../helpers/raw-sogs.js';
import { unpadMessage } from '../../src/messages/padding.js';
import { SessionProtos } from '../../src/messages/proto.js';
import { repoRoot } from '../helpers/spec.js';

/**
 * The community commands of the built CLI against a devnet's community server: join → post →
 * read → watch (a second profile's posts, edits and deletions as NDJSON), a restarted watcher
 * resumes without repeats, a forged post is dropped and counted.
 */
let dn: Devnet;
let root: string;
let network: string;
let dataDir: string;

const common = (profile: string) => [
  '--profile',
  profile,
  '--data-dir',
  dataDir,
  '--network',
  network,
  '--json',
];

function cli(args: string[], profile: string, stdin?: string): Promise<CliResult> {
  return runCli([...args, ...common(profile)], {
    timeoutMs: 90_000,
    ...(stdin === undefined ? {} : { stdin }),
  });
}

/** A long-running `community watch --json`, its NDJSON events collected as they come. */
function watch(profile: string, extra: string[] = []) {
  const child: ChildProcessWithoutNullStreams = spawn(
    process.execPath,
    [join(repoRoot, 'bin', 'run.js'), 'community', 'watch', '--interval', '1', ...extra, ...common(profile)],
    { env: { ...process.env, SESSION_SECRET_BACKEND: 'file', NO_COLOR: '1' } },
  );
  const events: Record<string, unknown>[] = [];
  let buf = '';
  let stderr = '';
  child.stdout.on('data', (d: Buffer) => {
    buf += d.toString();
    let nl;
    while ((nl = buf.indexOf('\n')) >= 0) {
      const line = buf.slice(0, nl);
      buf = buf.slice(nl + 1);
      if (line.trim()) events.push(JSON.parse(line) as Record<string, unknown>);
    }
  });
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  const exited = new Promise<number>((resolve) =>
    child.on('close', (code, sig) => resolve(code ?? (sig ? 128 : -1))),
  );
  return {
    events,
    exited,
    stderr: () => stderr,
    stop: (signal: NodeJS.Signals = 'SIGINT') => child.kill(signal),
    async until(pred: (e: Record<string, unknown>[]) => boolean, ms = 60_000) {
      const start = Date.now();
      while (!pred(events)) {
        if (Date.now() - start > ms)
          throw new Error(`watch: timed out; events ${JSON.stringify(events)}; stderr ${stderr}`);
        await new Promise((r) => setTimeout(r, 100));
      }
    },
  };
}

beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), 'e2e-community-'));
  dn = await startDevnet({ dir: join(root, 'devnet'), nodes: 6, swarmSize: 3, rateLimit: false });
  network = join(root, 'devnet', 'devnet.json');
  dataDir = join(root, 'data');
  for (const name of ['alice', 'bob']) {
    const r = await runCli([
      'identity',
      'create',
      '--name',
      name,
      '--display-name',
      name,
      '--no-passphrase',
      '--json',
      '--data-dir',
      dataDir,
    ]);
    expect(r.code).toBe(0);
  }
}, 120_000);

afterAll(async () => {
  await dn?.stop();
  rmSync(root, { recursive: true, force: true });
});

const lobby = () => dn.descriptor.community.rooms.find((r) => r.token === 'lobby')!.joinUrl;

describe('community commands (built CLI, devnet community server)', () => {
  it('a malformed URL exits 2, an unknown room exits 6, before any network traffic', async () => {
    const bad = await cli(['community', 'join', 'https://example.com/room?public_key=xyz'], 'alice');
    expect(bad.code).toBe(2);
    expect(bad.json.error.code).toBe('INVALID_INPUT');
    const none = await cli(['community', 'post', 'lobby', 'hi'], 'alice');
    expect(none.code).toBe(6);
    expect(none.json.error.code).toBe('NOT_FOUND');
  }, 60_000);

  it('join → post → read → watch sees posts, edits and deletions of another profile; a restart resumes', async () => {
    const j = await cli(['community', 'join', lobby()], 'alice');
    expect(j.code, j.stderr).toBe(0);
    expect(j.json.result).toMatchObject({ token: 'lobby', name: 'Lobby', already: false });
    expect((await cli(['community', 'join', lobby(), '--direct'], 'bob')).code).toBe(0);
    const list = await cli(['community', 'list'], 'bob');
    expect(list.json.result.rooms.map((r: { token: string }) => r.token)).toEqual(['lobby']);

    const w = watch('bob', ['lobby', '--direct']);
    const p1 = await cli(['community', 'post', 'lobby', 'first post'], 'alice');
    expect(p1.code, p1.stderr).toBe(0);
    const id1 = p1.json.result.id as string;
    const p2 = await cli(['community', 'post', 'lobby', '-'], 'alice', 'from stdin\n');
    expect(p2.json.result.text).toBe('from stdin');
    const id2 = p2.json.result.id as string;

    const read = await cli(['community', 'read', 'lobby', '--direct', '--limit', '10'], 'bob');
    expect(read.code, read.stderr).toBe(0);
    expect(read.json.result.forged).toBe(0);
    expect(read.json.result.messages.map((m: { text: string }) => m.text)).toEqual([
      'first post',
      'from stdin',
    ]);
    expect(read.json.result.messages[0]).toMatchObject({
      id: id1,
      direction: 'in',
      conversation: `${dn.descriptor.community.url}/lobby`,
    });

    await w.until((e) => e.filter((x) => x.type === 'message').length >= 2);
    expect((await cli(['community', 'edit', 'lobby', id1, 'first post, edited'], 'alice')).code).toBe(0);
    expect((await cli(['community', 'delete', 'lobby', id2], 'alice')).code).toBe(0);
    const react = await cli(['community', 'react', 'lobby', id1, '👍', '--direct'], 'bob');
    expect(react.json.result).toMatchObject({ changed: true, emoji: '👍' });
    await w.until(
      (e) =>
        e.some((x) => x.type === 'delete') &&
        e.some((x) => x.type === 'edit') &&
        e.some((x) => x.type === 'reactions'),
    );
    w.stop('SIGINT');
    expect(await w.exited).toBe(130);
    const byType = (t: string) => w.events.filter((x) => x.type === t);
    expect(byType('message').map((x) => x.id)).toEqual([id1, id2]);
    expect(byType('edit')).toEqual([expect.objectContaining({ id: id1, text: 'first post, edited' })]);
    expect(byType('delete')).toEqual([expect.objectContaining({ id: id2 })]);
    expect(byType('reactions')[0]).toMatchObject({ id: id1, reactions: { '👍': { count: 1, you: true } } });
    // every event once: cursors strictly increase
    const cursors = w.events.map((x) => x.cursor as number);
    expect([...cursors].sort((a, b) => a - b)).toEqual(cursors);

    // while no watcher runs: a new post; the restarted watcher shows it, and nothing from before
    const p3 = await cli(['community', 'post', 'lobby', 'while you were away'], 'alice');
    const w2 = watch('bob', ['--direct', '--timeout', '8s']);
    expect(await w2.exited).toBe(0);
    expect(w2.events.map((x) => [x.type, x.id])).toEqual([['message', p3.json.result.id]]);
  }, 180_000);

  it('a reply quotes a post (author and posted time on the wire); both sides show the quote', async () => {
    const q = await cli(['community', 'post', 'lobby', 'a question?'], 'alice');
    expect(q.code, q.stderr).toBe(0);
    const qid = q.json.result.id as string;
    // bob has not read it yet: nothing to quote from (exit 6), and nothing is posted
    const early = await cli(
      ['community', 'post', 'lobby', 'too early', '--reply-to', qid, '--direct'],
      'bob',
    );
    expect(early.code).toBe(6);
    expect(early.json.error).toMatchObject({ code: 'NOT_FOUND' });
    expect(early.json.error.message).toMatch(/not known here: read the room first/);
    expect((await cli(['community', 'read', 'lobby', '--direct'], 'bob')).code).toBe(0);
    const a = await cli(['community', 'post', 'lobby', 'an answer', '--reply-to', qid, '--direct'], 'bob');
    expect(a.code, a.stderr).toBe(0);
    const quote = { id: qid, author: q.json.result.from, text: 'a question?' };
    expect(a.json.result.quote).toEqual(quote);
    // alice's copy of the answer names her post
    const read = await cli(['community', 'read', 'lobby', '--limit', '5'], 'alice');
    const answer = read.json.result.messages.find((m: { id: string }) => m.id === a.json.result.id);
    expect(answer.quote).toEqual(quote);
    expect(read.json.result.messages.find((m: { id: string }) => m.id === qid).quote).toBeNull();
    // on the wire: DataMessage.quote = the post's posted time in ms (desktop's sent_at) and author
    const pk = dn.descriptor.community.pubkey;
    const raw = await sogs(
      dn.descriptor.community.url,
      pk,
      await blindedUser(pk),
      'GET',
      `/room/lobby/message/${a.json.result.id}`,
    );
    expect(raw.status).toBe(200);
    const content = SessionProtos.Content.decode(unpadMessage(Buffer.from(raw.json().data, 'base64')));
    expect(Number(content.dataMessage!.quote!.id)).toBe(q.json.result.timestamp);
    expect(content.dataMessage!.quote!.author).toBe(q.json.result.from);
    // an edited reply is still a reply
    expect(
      (await cli(['community', 'edit', 'lobby', a.json.result.id, 'an answer, edited', '--direct'], 'bob'))
        .code,
    ).toBe(0);
    const again = await cli(['community', 'read', 'lobby', '--limit', '5'], 'alice');
    const edited = again.json.result.messages.find((m: { id: string }) => m.id === a.json.result.id);
    expect(edited).toMatchObject({ text: 'an answer, edited', quote });
  }, 120_000);

  it('a forged post (signature not by its author) is dropped and counted by read', async () => {
    const pk = dn.descriptor.community.pubkey;
    const mallory = await blindedUser(pk);
    const data = Buffer.from('0a050a03666f6f80' + '00'.repeat(152), 'hex').toString('base64');
    const body = JSON.stringify({
      data,
      signature: Buffer.from(mallory.sign(Buffer.from('other bytes'))).toString('base64'),
    });
    const nonce = crypto.getRandomValues(new Uint8Array(16));
    const ts = String(Math.floor(Date.now() / 1000));
    const msg = await sogsSignedMessage({
      serverPkHex: pk,
      nonce,
      timestamp: ts,
      method: 'POST',
      path: '/room/lobby/message',
      body: Buffer.from(body),
    });
    const res = await fetch(`${dn.descriptor.community.url}/room/lobby/message`, {
      method: 'POST',
      headers: {
        'Content-Type': 'application/json',
        'X-SOGS-Pubkey': mallory.header,
        'X-SOGS-Nonce': Buffer.from(nonce).toString('base64'),
        'X-SOGS-Timestamp': ts,
        'X-SOGS-Signature': Buffer.from(mallory.sign(msg)).toString('base64'),
      },
      body,
    });
    expect(res.status).toBe(201);
    const r = await cli(['community', 'read', 'lobby'], 'bob');
    expect(r.code, r.stderr).toBe(0);
    expect(r.json.result.forged).toBe(1);
    expect(r.json.warnings.join(' ')).toMatch(/invalid signature/);
    expect(r.json.result.messages.some((m: { text: string }) => m.text === 'foo')).toBe(false);
  }, 90_000);

  it('a damaged stored post: watch exits 6 STORE_CORRUPT, saying so (not a crash)', async () => {
    const db = await openDatabase(new ProfileDirectory(dataDir).databasePath('alice'));
    try {
      const room = new CommunityStore(db).rooms().find((r) => r.token === 'lobby')!;
      // one stored post's reactions no longer JSON, and past the watcher's cursor
      db.prepare(
        `UPDATE community_messages SET reactions = 'not json', seqno = seqno + 1000
         WHERE local_id = (SELECT MAX(local_id) FROM community_messages WHERE room_id = ?)`,
      ).run(room.id);
    } finally {
      db.close();
    }
    const r = await cli(['community', 'watch', 'lobby', '--timeout', '1'], 'alice');
    expect(r.code, r.stderr).toBe(6);
    expect(r.json.error).toMatchObject({
      code: 'STORE_CORRUPT',
      message: 'the profile database is damaged: the reactions of a community message cannot be read',
    });
  }, 60_000);
});
