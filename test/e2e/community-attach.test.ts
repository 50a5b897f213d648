import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Database } from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startLocalNetwork, type LocalNetwork } from '../helpers/local-network.js';

/**
 * `community post --attach` and `community attachment download` with the built CLI against the
 * devnet's community server: files are uploaded raw to the room (§10.1), named in the post's
 * `files` (so they outlive the 1 h upload expiry) and as pointers in the Content, listed by a
 * second profile's `community read` and downloaded byte-identical (§10.2).
 */
let net: LocalNetwork;
let files: string;

/** The devnet community server's database (the rows a real server would keep). */
function serverFiles(): { id: number; expiry: number | null; filename: string | null; size: number }[] {
  const db = (net.dn.community as unknown as { store: { db: Database } }).store.db;
  return db.prepare('SELECT id, expiry, filename, size FROM files ORDER BY id').all() as never;
}

function texts(read: { json: { result: { messages: { text: string }[] } } }): string[] {
  return read.json.result.messages.map((m) => m.text);
}

beforeAll(async () => {
  net = await startLocalNetwork('e2e-community-attach', ['alice', 'bob']);
  files = mkdtempSync(join(tmpdir(), 'community-attach-files-'));
  for (const p of ['alice', 'bob']) {
    const j = await net.cli(
      ['community', 'join', net.dn.descriptor.community.rooms[0]!.joinUrl, '--direct'],
      p,
    );
    expect(j.code, j.stderr).toBe(0);
  }
}, 180_000);

afterAll(async () => {
  await net?.dn.stop();
  if (files) rmSync(files, { recursive: true, force: true });
});

describe('community post --attach (built CLI, devnet community server)', () => {
  it('posts files that another profile lists and downloads byte-identical', async () => {
    const blob = randomBytes(40_000);
    writeFileSync(join(files, 'data.bin'), blob);
    writeFileSync(join(files, 'hello wörld.txt'), 'hello\n');
    // through an onion path (the default), as Session apps do: binary bodies both ways
    const post = await net.cli(
      [
        'community',
        'post',
        'lobby',
        'two files',
        '--attach',
        join(files, 'data.bin'),
        '--attach',
        join(files, 'hello wörld.txt'),
      ],
      'alice',
    );
    expect(post.code, post.stderr).toBe(0);
    expect(post.json.result.text).toBe('two files');
    expect(post.json.result.attachments).toEqual([
      expect.objectContaining({
        fileName: 'data.bin',
        contentType: 'application/octet-stream',
        size: 40_000,
      }),
      expect.objectContaining({ fileName: 'hello wörld.txt', contentType: 'text/plain', size: 6 }),
    ]);
    const id = post.json.result.id as string;

    // the server kept them as uploaded (raw, with their names) and the post's `files` extended
    // their expiry past the 1 h of an unattached upload
    const stored = serverFiles();
    expect(stored.map((f) => [f.filename, f.size])).toEqual([
      ['data.bin', 40_000],
      ['hello wörld.txt', 6],
    ]);
    for (const f of stored) expect(f.expiry! - Date.now() / 1000).toBeGreaterThan(24 * 3600);

    const read = await net.cli(['community', 'read', 'lobby', '--direct'], 'bob');
    expect(read.code, read.stderr).toBe(0);
    const m = read.json.result.messages.find((x: { id: string }) => x.id === id);
    expect(m.direction).toBe('in');
    expect(m.attachments).toEqual([
      {
        id: String(stored[0]!.id),
        fileName: 'data.bin',
        contentType: 'application/octet-stream',
        size: 40_000,
      },
      { id: String(stored[1]!.id), fileName: 'hello wörld.txt', contentType: 'text/plain', size: 6 },
    ]);

    const out = join(files, 'got.bin');
    const d1 = await net.cli(['community', 'attachment', 'download', 'lobby', id, '--out', out], 'bob');
    expect(d1.code, d1.stderr).toBe(0);
    expect(readFileSync(out).equals(blob)).toBe(true);
    expect(d1.json.result).toMatchObject({ size: 40_000, index: 1, fileName: 'data.bin', path: out });
    // a directory keeps the sender's name; no partial file is left next to it
    const dir = mkdtempSync(join(files, 'dl-'));
    const d2 = await net.cli(
      ['community', 'attachment', 'download', 'lobby', id, '--index', '2', '--out', dir, '--direct'],
      'bob',
    );
    expect(d2.code, d2.stderr).toBe(0);
    expect(readFileSync(join(dir, 'hello wörld.txt'), 'utf8')).toBe('hello\n');
    expect(readdirSync(dir)).toEqual(['hello wörld.txt']);
    // the destination exists now: refused, exit 2; an index past the list: exit 2
    const again = await net.cli(
      ['community', 'attachment', 'download', 'lobby', id, '--out', out, '--direct'],
      'bob',
    );
    expect(again.code).toBe(2);
    const none = await net.cli(
      ['community', 'attachment', 'download', 'lobby', id, '--index', '3', '--out', dir, '--direct'],
      'bob',
    );
    expect(none.code).toBe(2);
    expect(none.json.error.code).toBe('INVALID_INPUT');
  }, 240_000);

  it('a missing file exits 2 with nothing uploaded or posted', async () => {
    const before = serverFiles().length;
    const r = await net.cli(
      ['community', 'post', 'lobby', 'never posted', '--attach', join(files, 'nope.png'), '--direct'],
      'alice',
    );
    expect(r.code).toBe(2);
    expect(r.json.error.code).toBe('INVALID_INPUT');
    expect(serverFiles().length).toBe(before);
    const read = await net.cli(['community', 'read', 'lobby', '--direct'], 'bob');
    expect(read.code, read.stderr).toBe(0);
    expect(texts(read)).not.toContain('never posted');
  }, 120_000);

  it('a room without upload permission refuses with exit 4, and the post is not made', async () => {
    const room = await net.dn.addRoom('noup', { name: 'No uploads' });
    await net.dn.addModerator('noup', net.ids.alice!, { admin: true });
    for (const p of ['alice', 'bob'])
      expect((await net.cli(['community', 'join', room.joinUrl, '--direct'], p)).code).toBe(0);
    // alice learns bob's 15 id from a post of his (a 05 id alone does not say which it is)
    expect((await net.cli(['community', 'post', 'noup', 'hello', '--direct'], 'bob')).code).toBe(0);
    expect((await net.cli(['community', 'read', 'noup', '--direct'], 'alice')).code).toBe(0);
    const set = await net.cli(
      ['community', 'permissions', 'set', net.ids.bob!, '--room', 'noup', '--upload', 'false', '--direct'],
      'alice',
    );
    expect(set.code, set.stdout + set.stderr).toBe(0);
    const before = serverFiles().length;
    writeFileSync(join(files, 'x.txt'), 'x');
    const r = await net.cli(
      ['community', 'post', 'noup', 'with a file', '--attach', join(files, 'x.txt'), '--direct'],
      'bob',
    );
    expect(r.code, r.stderr).toBe(4);
    expect(r.json.error.code).toBe('PERMISSION_DENIED');
    expect(serverFiles().length).toBe(before);
    // text alone is still allowed: it is the upload that is refused
    const t = await net.cli(['community', 'post', 'noup', 'text only', '--direct'], 'bob');
    expect(t.code, t.stderr).toBe(0);
    const read = await net.cli(['community', 'read', 'noup', '--direct'], 'alice');
    expect(texts(read)).toEqual(['hello', 'text only']);
  }, 180_000);
});
