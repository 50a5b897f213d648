import { createHash, randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDevnet } from '../../src/devnet/index.js';
import { runCli, tempDir } from '../helpers/cli.js';
import { startLocalNetwork, type LocalNetwork } from '../helpers/local-network.js';

/**
 * Attachments through the CLI on a devnet (issue 10): alice sends text and two files, bob's
 * `receive --json` lists them in the message object, `attachment download` writes the file under
 * its original name, byte for byte.
 */
let net: LocalNetwork;
let work: string;

const sha = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');

/** A 3x2 PNG header (the size is read from IHDR) followed by arbitrary bytes. */
function pngBytes(): Buffer {
  const ihdr = Buffer.alloc(25);
  ihdr.writeUInt32BE(13, 0);
  ihdr.write('IHDR', 4, 'latin1');
  ihdr.writeUInt32BE(3, 8);
  ihdr.writeUInt32BE(2, 12);
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    ihdr,
    randomBytes(300),
  ]);
}

beforeAll(async () => {
  net = await startLocalNetwork('attach', ['alice', 'bob'], { rateLimit: false });
  work = tempDir('attach-files-');
});
afterAll(async () => net?.dn.stop());

describe('attachments in messages', () => {
  it('alice sends text + 2 files; bob lists them and downloads one byte-identical under its name', async () => {
    const report = randomBytes(70_000);
    const png = pngBytes();
    const reportPath = join(work, 'report.pdf');
    const pngPath = join(work, 'screen.png');
    writeFileSync(reportPath, report);
    writeFileSync(pngPath, png);

    const sent = await net.cli(
      ['message', 'send', net.ids.bob!, 'two files', '--attach', reportPath, '--attach', pngPath],
      'alice',
      180_000,
    );
    expect(sent.code, sent.stderr).toBe(0);
    expect(sent.json.result.attachments).toHaveLength(2);

    const got = await net.cli(['message', 'receive'], 'bob', 120_000);
    expect(got.code, got.stderr).toBe(0);
    const msg = got.json.result.messages.find((m: { id: string }) => m.id === sent.json.result.id);
    expect(msg.text).toBe('two files');
    expect(msg.attachments).toHaveLength(2);
    expect(msg.attachments[0]).toMatchObject({
      fileName: 'report.pdf',
      contentType: 'application/pdf',
      size: report.length,
    });
    expect(msg.attachments[1]).toMatchObject({
      fileName: 'screen.png',
      contentType: 'image/png',
      size: png.length,
      width: 3,
      height: 2,
    });
    expect(typeof msg.attachments[0].id).toBe('string');
    // the key and URL stay in the store: the message object is safe to log
    expect(JSON.stringify(msg)).not.toMatch(/"key"|"url"/);

    // the stored message lists them too (message list reads the store, no network)
    const listed = await net.cli(['message', 'list', net.ids.alice!], 'bob');
    const stored = listed.json.result.messages.find((m: { id: string }) => m.id === msg.id);
    expect(stored.attachments.map((a: { fileName: string }) => a.fileName)).toEqual([
      'report.pdf',
      'screen.png',
    ]);

    const outDir = join(work, 'bob-downloads');
    mkdirSync(outDir);
    const dl = await net.cli(
      ['attachment', 'download', msg.id, '--index', '1', '--out', outDir],
      'bob',
      120_000,
    );
    expect(dl.code, dl.stderr).toBe(0);
    const written = join(outDir, 'report.pdf');
    expect(dl.json.result.path).toBe(written);
    expect(sha(readFileSync(written))).toBe(sha(report));
    expect(dl.json.result.sha256).toBe(sha(report));

    const dl2 = await net.cli(
      ['attachment', 'download', msg.id, '--index', '2', '--out', outDir],
      'bob',
      120_000,
    );
    expect(dl2.code, dl2.stderr).toBe(0);
    expect(sha(readFileSync(join(outDir, 'screen.png')))).toBe(sha(png));

    // the same name again is refused unless --force
    const again = await net.cli(['attachment', 'download', msg.id, '--out', outDir], 'bob', 120_000);
    expect(again.code).toBe(2);
    expect(again.json.error.details.reason).toBe('dest-exists');

    // an index beyond the list is a usage error naming the range
    const beyond = await net.cli(['attachment', 'download', msg.id, '--index', '3', '--out', outDir], 'bob');
    expect(beyond.code).toBe(2);
    expect(beyond.json.error.message).toContain('1 to 2');

    // alice's own (sent) copy keeps the pointers too: she can fetch her own attachment
    const mine = join(work, 'alice-copy.pdf');
    const own = await net.cli(['attachment', 'download', msg.id, '--out', mine], 'alice', 120_000);
    expect(own.code, own.stderr).toBe(0);
    expect(sha(readFileSync(mine))).toBe(sha(report));
  }, 600_000);

  it('a missing --attach file exits 2 before any network traffic', async () => {
    // a network that cannot be reached: touching it would fail with exit 3, not 2
    const deadDir = join(work, 'dead-devnet');
    const dead = await startDevnet({ dir: deadDir, nodes: 3, swarmSize: 3 });
    await dead.stop();
    const deadNetwork = join(deadDir, 'devnet.json');
    expect(existsSync(deadNetwork)).toBe(true);
    const missing = join(work, 'no-such-file.bin');
    const r = await runCli([
      'message',
      'send',
      net.ids.bob!,
      'hello',
      '--attach',
      missing,
      '--profile',
      'alice',
      '--data-dir',
      net.dataDir,
      '--network',
      deadNetwork,
      '--json',
    ]);
    expect(r.code, r.stderr).toBe(2);
    expect(r.json.error.code).toBe('INVALID_INPUT');
    expect(r.json.error.details.reason).toBe('missing');

    // text that would be refused is refused before the (present) file is uploaded
    const present = join(work, 'present.txt');
    writeFileSync(present, 'hello');
    const long = await runCli([
      'message',
      'send',
      net.ids.bob!,
      'x'.repeat(2001),
      '--attach',
      present,
      '--profile',
      'alice',
      '--data-dir',
      net.dataDir,
      '--network',
      deadNetwork,
      '--json',
    ]);
    expect(long.json.error.code, long.stderr).toBe('TOO_LARGE');
  }, 120_000);

  it('receive --download-dir saves new attachments under their names, never replacing a file', async () => {
    const note = join(work, 'note.txt');
    writeFileSync(note, 'first');
    expect((await net.cli(['message', 'send', net.ids.bob!, '--attach', note], 'alice', 180_000)).code).toBe(
      0,
    );
    writeFileSync(note, 'second');
    expect(
      (await net.cli(['message', 'send', net.ids.bob!, 'again', '--attach', note], 'alice', 180_000)).code,
    ).toBe(0);

    // a directory that does not exist is refused before anything is fetched
    const nowhere = await net.cli(['message', 'receive', '--download-dir', join(work, 'nowhere')], 'bob');
    expect(nowhere.code).toBe(2);
    expect(nowhere.json.error.details.reason).toBe('dest-dir-missing');

    const dir = join(work, 'inbox');
    mkdirSync(dir);
    const got = await net.cli(['message', 'receive', '--download-dir', dir], 'bob', 180_000);
    expect(got.code, got.stderr).toBe(0);
    const withFiles = got.json.result.messages.filter(
      (m: { attachments: unknown[] }) => m.attachments.length > 0,
    );
    expect(withFiles).toHaveLength(2);
    expect(got.json.result.downloads).toHaveLength(2);
    const contents = ['note.txt', 'note-1.txt'].map((n) => readFileSync(join(dir, n), 'utf8')).sort();
    expect(contents).toEqual(['first', 'second']);
  }, 600_000);
});
