import { spawn } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { readdirSync, readFileSync, statSync, writeFileSync, truncateSync } from 'node:fs';
import { join } from 'node:path';
import Sqlite from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDevnet, type Devnet } from '../../src/devnet/index.js';
import { runCli, tempDir } from '../helpers/cli.js';
import { repoRoot } from '../helpers/spec.js';

/** `session file upload|download` through the built CLI against a devnet's file server. */
let dn: Devnet;
let root: string;
let network: string;
const cli = (args: string[], timeoutMs = 120_000) =>
  runCli([...args, '--network', network, '--data-dir', join(root, 'data')], { timeoutMs });
const sha = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');

function filesDb(): string {
  const find = (dir: string): string | undefined => {
    for (const e of readdirSync(dir, { withFileTypes: true })) {
      const p = join(dir, e.name);
      if (e.isDirectory()) {
        const f = find(p);
        if (f) return f;
      } else if (e.name === 'files.db') return p;
    }
    return undefined;
  };
  return find(join(root, 'devnet'))!;
}
const storedFiles = (): number => {
  const db = new Sqlite(filesDb());
  try {
    return (db.prepare('SELECT count(*) AS n FROM files').get() as { n: number }).n;
  } finally {
    db.close();
  }
};

beforeAll(async () => {
  root = tempDir('files-e2e-');
  dn = await startDevnet({ dir: join(root, 'devnet'), nodes: 6, swarmSize: 3, rateLimit: false });
  network = join(root, 'devnet', 'devnet.json');
}, 60_000);
afterAll(async () => dn?.stop());

describe('session file', () => {
  it('a 9.5 MB file round trip through onion requests: byte-identical by SHA-256', async () => {
    const data = new Uint8Array(randomBytes(9_500_000));
    const input = join(root, 'big.bin');
    writeFileSync(input, data);
    const up = await cli(['file', 'upload', input, '--json']);
    expect(up.code, up.stderr).toBe(0);
    expect(up.json.result).toMatchObject({ size: 9_500_000, sha256: sha(data), format: 'v1' });
    expect(up.json.result.encryptedSize).toBeLessThanOrEqual(10_000_000);
    const url = up.json.result.url as string;
    expect(url).toMatch(/\/file\/[0-9]+#k=[0-9a-f]{128}&h=[0-9a-f]{64}&s=9500000$/);
    expect(up.stderr).toBe('');
    const out = join(tempDir(), 'copy.bin');
    const down = await cli(['file', 'download', url, '--out', out, '--json']);
    expect(down.code, down.stderr).toBe(0);
    expect(down.json.result).toMatchObject({ path: out, size: 9_500_000, sha256: sha(data) });
    expect(sha(readFileSync(out))).toBe(sha(data));
    // human mode: the URL alone on stdout (for scripts), a saved line on download
    const small = join(root, 'small.txt');
    writeFileSync(small, 'hello');
    const human = await cli(['file', 'upload', small, '--stream']);
    expect(human.code).toBe(0);
    expect(human.stdout.trim()).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/file\/\d+#d&k=[0-9a-f]{64}&s=5$/);
    const d2 = join(tempDir(), 'h.txt');
    const got = await cli(['file', 'download', human.stdout.trim(), '--out', d2]);
    expect(got.stdout).toMatch(/^Saved .*h\.txt \(5 B, sha256 [0-9a-f]{64}\)/);
    expect(readFileSync(d2, 'utf8')).toBe('hello');
  }, 300_000);

  it('10,000,001 bytes: TOO_LARGE (exit 2) and nothing uploaded', async () => {
    const input = join(root, 'huge.bin');
    writeFileSync(input, '');
    truncateSync(input, 10_000_001);
    const before = storedFiles();
    const r = await cli(['file', 'upload', input, '--json']);
    expect(r.code).toBe(2);
    expect(r.json.error.code).toBe('TOO_LARGE');
    expect(storedFiles()).toBe(before);
  }, 120_000);

  it('a tampered blob: exit 5 DECRYPT_FAILED, no output file', async () => {
    const input = join(root, 't.bin');
    writeFileSync(input, randomBytes(20_000));
    const up = await cli(['file', 'upload', input, '--json']);
    expect(up.code, up.stderr).toBe(0);
    const db = new Sqlite(filesDb());
    try {
      const row = db.prepare('SELECT data FROM files WHERE id = ?').get(up.json.result.fileId) as {
        data: Buffer;
      };
      row.data[5000]! ^= 1;
      db.prepare('UPDATE files SET data = ? WHERE id = ?').run(row.data, up.json.result.fileId);
    } finally {
      db.close();
    }
    const dir = tempDir();
    const r = await cli(['file', 'download', up.json.result.url, '--out', join(dir, 'x.bin'), '--json']);
    expect(r.code).toBe(5);
    expect(r.json.error.code).toBe('DECRYPT_FAILED');
    expect(readdirSync(dir)).toEqual([]);
  }, 120_000);

  it('bad input: missing file, directory, URL without a key, key of the wrong length', async () => {
    const missing = await cli(['file', 'upload', join(root, 'nope'), '--json']);
    expect([missing.code, missing.json.error.code, missing.json.error.details.reason]).toEqual([
      2,
      'INVALID_INPUT',
      'missing',
    ]);
    const dirIn = await cli(['file', 'upload', root, '--json']);
    expect(dirIn.json.error.details.reason).toBe('directory');
    const port = dn.descriptor.fileServer.port;
    const dir = tempDir();
    const noKey = await cli([
      'file',
      'download',
      `http://127.0.0.1:${port}/file/1`,
      '--out',
      join(dir, 'a'),
      '--json',
    ]);
    expect([noKey.code, noKey.json.error.code, noKey.json.error.details.reason]).toEqual([
      2,
      'INVALID_INPUT',
      'no-key',
    ]);
    const shortKey = await cli([
      'file',
      'download',
      `http://127.0.0.1:${port}/file/1#k=${'ab'.repeat(32)}`,
      '--out',
      join(dir, 'a'),
      '--json',
    ]);
    expect(shortKey.json.error.details.reason).toBe('key-length');
    expect(readdirSync(dir)).toEqual([]);
  }, 120_000);

  it('an interrupted download (Ctrl-C while in flight) exits 130 and leaves no file', async () => {
    const input = join(root, 'i.bin');
    writeFileSync(input, randomBytes(2_000_000));
    const up = await cli(['file', 'upload', input, '--json']);
    expect(up.code, up.stderr).toBe(0);
    // every node holds its answers for 60 s: the download is in flight when Ctrl-C comes
    for (let k = 0; k < 6; k++) dn.delayNode(k, 60_000);
    const dir = tempDir();
    try {
      const child = spawn(
        process.execPath,
        [
          join(repoRoot, 'bin', 'run.js'),
          'file',
          'download',
          up.json.result.url,
          '--out',
          join(dir, 'f.bin'),
          '--network',
          network,
          '--verbose',
        ],
        { env: { ...process.env, NO_COLOR: '1' }, stdio: ['ignore', 'pipe', 'pipe'] },
      );
      let stderr = '';
      child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
      await new Promise((r) => setTimeout(r, 4000));
      child.kill('SIGINT');
      const code = await new Promise<number | null>((r) => child.on('close', r));
      expect(code, stderr).toBe(130);
      expect(readdirSync(dir)).toEqual([]);
    } finally {
      for (let k = 0; k < 6; k++) dn.delayNode(k, 0);
    }
    expect(statSync(input).size).toBe(2_000_000);
  }, 120_000);
});
