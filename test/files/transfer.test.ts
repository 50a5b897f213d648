import { appendFileSync, mkdirSync, mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDevnet, type Devnet } from '../../src/devnet/index.js';
import { fromUtf8 } from '../../src/encoding/bytes.js';
import { v2EncryptedSize } from '../../src/files/attachment-v2.js';
import type { V4Request, V4Response } from '../../src/encoding/v4.js';
import {
  customFileServer,
  defaultFileServer,
  FileServerClient,
  type V4Sender,
} from '../../src/files/file-server.js';
import { parseFileUrl } from '../../src/files/file-url.js';
import {
  downloadAttachment,
  readInputFile,
  uploadAttachment,
  type FileTransferContext,
} from '../../src/files/transfer.js';
import { loadNetworkConfig, type NetworkConfig } from '../../src/network/config.js';
import { SessionNetwork } from '../../src/network/session-network.js';
import { UndiciTransport } from '../../src/network/transport.js';

/** Attachments through onion requests to the devnet's file server, and every refusal on the way. */
let dn: Devnet;
let config: NetworkConfig;
let net: SessionNetwork;
const transport = new UndiciTransport();
let dir: string;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'files-'));
  dn = await startDevnet({ dir, nodes: 6, swarmSize: 3, rateLimit: false });
  config = loadNetworkConfig(join(dir, 'devnet.json'));
  net = new SessionNetwork({ config, transport });
}, 60_000);
afterAll(async () => {
  await transport.close();
  await dn?.stop();
});

/** Wraps the network: counts requests and lets a test change download replies. */
function wrapped(change?: (r: V4Response) => V4Response) {
  const calls: V4Request[] = [];
  const sender: V4Sender = {
    async v4ToServer(req, opts, server) {
      calls.push(req);
      const r = await net.v4ToServer(req, opts, server);
      return change && req.method === 'GET' ? change(r) : r;
    },
  };
  return { sender, calls };
}

const bytes = (n: number, seed = 1) => Uint8Array.from({ length: n }, (_, i) => (i * 31 + seed) % 251);
const ctx = (sender: V4Sender = net): FileTransferContext => ({
  net: sender,
  fileServer: defaultFileServer(config),
});
const outDir = () => mkdtempSync(join(dir, 'out-'));

describe('files on the devnet', () => {
  it('§5.1 round trip through the default server: pointer fields, share URL, exact bytes', async () => {
    const data = bytes(70_000);
    const up = await uploadAttachment(ctx(), data, { contentType: 'image/png', fileName: 'a.png' });
    expect(up.format).toBe('v1');
    expect(up.pointer.url).toBe(`${config.fileServer.url}/file/${up.pointer.fileId}`);
    expect(up.pointer.id).toBe(BigInt(up.pointer.fileId));
    expect(up.pointer.key.length).toBe(64);
    expect(up.pointer.digest?.length).toBe(32);
    expect(up.pointer).toMatchObject({ size: 70_000, contentType: 'image/png', fileName: 'a.png' });
    expect(up.expires).toBeGreaterThan(Date.now() / 1000);
    const dest = join(outDir(), 'a.png');
    const viaPointer = await downloadAttachment(ctx(), up.pointer, dest);
    expect(viaPointer).toMatchObject({ size: 70_000, format: 'v1' });
    const viaUrl = await downloadAttachment(ctx(), { url: up.shareUrl }, join(outDir(), 'b'));
    expect(viaUrl.sha256).toBe(viaPointer.sha256);
    const { readFileSync } = await import('node:fs');
    expect(new Uint8Array(readFileSync(dest))).toEqual(data);
  }, 60_000);

  it('§5.2 round trip: the URL carries d, the key is 32 bytes, no digest', async () => {
    const data = bytes(100_000, 7);
    const up = await uploadAttachment(ctx(), data, { format: 'v2' });
    expect(up.pointer.url).toMatch(/#d$/);
    expect(up.pointer.digest).toBeUndefined();
    expect(up.encryptedSize).toBe(v2EncryptedSize(100_000));
    const got = await downloadAttachment(ctx(), { url: up.shareUrl }, join(outDir(), 'x'));
    expect(got.format).toBe('v2');
    expect(got.size).toBe(100_000);
  }, 60_000);

  it('another server given by URL and X25519 key: the URL carries x=, the download finds it', async () => {
    const fs = config.fileServer;
    const other = customFileServer(`http://127.0.0.1:${fs.port}`, fs.x25519Hex);
    const up = await uploadAttachment({ net, fileServer: other }, bytes(1000));
    expect(parseFileUrl(up.shareUrl).serverX25519Hex).toBe(fs.x25519Hex);
    // the context's default server is a different one: only x= can say where and how to encrypt
    const elsewhere = customFileServer('http://127.0.0.9:1', 'ab'.repeat(32));
    const got = await downloadAttachment(
      { net, fileServer: { ...elsewhere, isDefault: true } },
      { url: up.shareUrl },
      join(outDir(), 'o'),
    );
    expect(got.size).toBe(1000);
  }, 60_000);

  it('refuses 10,000,001 bytes (TOO_LARGE) before any request, and a blob over the server limit', async () => {
    const w = wrapped();
    await expect(uploadAttachment(ctx(w.sender), new Uint8Array(10_000_001))).rejects.toMatchObject({
      code: 'TOO_LARGE',
    });
    // 9,999,960 bytes fit the attachment limit but encrypt to more than the server takes
    await expect(uploadAttachment(ctx(w.sender), new Uint8Array(9_999_960))).rejects.toMatchObject({
      code: 'TOO_LARGE',
    });
    await expect(
      new FileServerClient(w.sender, defaultFileServer(config)).upload(new Uint8Array(10_000_001)),
    ).rejects.toMatchObject({
      code: 'TOO_LARGE',
    });
    expect(w.calls).toHaveLength(0);
  });

  it('a tampered blob is DECRYPT_FAILED and nothing is written (both formats)', async () => {
    const flip = (r: V4Response) => {
      const body = r.body.slice();
      body[body.length >> 1]! ^= 1;
      return { ...r, body };
    };
    const w = wrapped(flip);
    for (const format of ['v1', 'v2'] as const) {
      const up = await uploadAttachment(ctx(), bytes(5000), { format });
      const d = outDir();
      await expect(
        downloadAttachment(ctx(w.sender), { url: up.shareUrl }, join(d, 'f')),
      ).rejects.toMatchObject({
        code: 'DECRYPT_FAILED',
      });
      expect(readdirSync(d)).toEqual([]);
    }
  }, 60_000);

  it('a download larger than the pointer says is refused (TOO_LARGE), nothing written', async () => {
    const w = wrapped((r) => ({ ...r, body: new Uint8Array([...r.body, ...new Uint8Array(4096)]) }));
    for (const format of ['v1', 'v2'] as const) {
      const up = await uploadAttachment(ctx(), bytes(3000), { format });
      const d = outDir();
      await expect(downloadAttachment(ctx(w.sender), up.pointer, join(d, 'f'))).rejects.toMatchObject({
        code: 'TOO_LARGE',
        details: { reason: 'download-larger-than-pointer' },
      });
      expect(readdirSync(d)).toEqual([]);
    }
  }, 60_000);

  it('an interrupted download leaves no file: during the transfer, and while writing', async () => {
    const up = await uploadAttachment(ctx(), bytes(3_000_000));
    for (const phase of ['download', 'write'] as const) {
      const d = outDir();
      const ac = new AbortController();
      await expect(
        downloadAttachment(ctx(), { url: up.shareUrl }, join(d, 'f'), {
          signal: ac.signal,
          onProgress: (p) => {
            if (p.phase === phase) ac.abort();
          },
        }),
      ).rejects.toMatchObject({ code: expect.stringMatching(/INTERRUPTED|TIMEOUT/) });
      expect(readdirSync(d), phase).toEqual([]);
    }
  }, 60_000);

  it('URL and key refusals: no key, wrong length, unknown server, missing file (404)', async () => {
    const up = await uploadAttachment(ctx(), bytes(100));
    const d = outDir();
    const reason = (r: string) =>
      expect.objectContaining({ code: 'INVALID_INPUT', details: expect.objectContaining({ reason: r }) });
    await expect(downloadAttachment(ctx(), { url: up.pointer.url }, join(d, 'a'))).rejects.toEqual(
      reason('no-key'),
    );
    const short = up.shareUrl.replace(/k=([0-9a-f]{128})/, (_m, k: string) => `k=${k.slice(0, 64)}`);
    await expect(downloadAttachment(ctx(), { url: short }, join(d, 'a'))).rejects.toEqual(
      reason('key-length'),
    );
    await expect(
      downloadAttachment(ctx(), { url: up.shareUrl.replace('127.0.0.1', 'files.invalid') }, join(d, 'a')),
    ).rejects.toEqual(reason('server-key'));
    const gone = up.shareUrl.replace(`/file/${up.pointer.fileId}`, '/file/1');
    await expect(downloadAttachment(ctx(), { url: gone }, join(d, 'a'))).rejects.toMatchObject({
      code: 'NOT_FOUND',
    });
    writeFileSync(join(d, 'exists'), 'x');
    await expect(downloadAttachment(ctx(), { url: up.shareUrl }, join(d, 'exists'))).rejects.toEqual(
      reason('dest-exists'),
    );
    expect(
      (await downloadAttachment(ctx(), { url: up.shareUrl }, join(d, 'exists'), { overwrite: true })).size,
    ).toBe(100);
    expect(readdirSync(d).sort()).toEqual(['exists']);
  }, 60_000);

  it('the devnet file server ignores a form-typed body as the real one does (E7): 413', async () => {
    const r = await net.v4ToServer(
      {
        method: 'POST',
        endpoint: '/file',
        headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
        body: bytes(10),
      },
      { kind: 'server' },
    );
    expect(r.code).toBe(413);
    expect(JSON.parse(fromUtf8(r.body))).toEqual({ status_code: 413 });
  }, 30_000);
});

describe('reading the input file', () => {
  it('refuses missing, directory, special, unreadable, over-limit and growing files', async () => {
    const d = mkdtempSync(join(tmpdir(), 'files-in-'));
    const reason = (r: string) =>
      expect.objectContaining({ code: 'INVALID_INPUT', details: expect.objectContaining({ reason: r }) });
    await expect(readInputFile(join(d, 'nope'))).rejects.toEqual(reason('missing'));
    mkdirSync(join(d, 'dir'));
    await expect(readInputFile(join(d, 'dir'))).rejects.toEqual(reason('directory'));
    await expect(readInputFile('/dev/null')).rejects.toEqual(reason('not-a-file'));
    writeFileSync(join(d, 'f'), 'abc');
    await expect(readInputFile(join(d, 'f', 'under-a-file'))).rejects.toEqual(reason('unreadable'));
    const { truncateSync } = await import('node:fs');
    writeFileSync(join(d, 'big'), '');
    truncateSync(join(d, 'big'), 10_000_001);
    await expect(readInputFile(join(d, 'big'))).rejects.toMatchObject({ code: 'TOO_LARGE' });
    await expect(
      readInputFile(join(d, 'f'), 'v1', { afterStat: async () => appendFileSync(join(d, 'f'), 'more') }),
    ).rejects.toEqual(reason('changed'));
    expect(fromUtf8(await readInputFile(join(d, 'f')))).toBe('abcmore');
  });
});

describe('a network of its own for file traffic', () => {
  it('shares the pool and clock with messaging, keeps its own paths and strikes', async () => {
    const { MemoryCache } = await import('../../src/network/session-network.js');
    const { fileTrafficNetwork, FileTrafficCache } = await import('../../src/files/file-network.js');
    expect(FileTrafficCache.key(`pool:${config.id}`)).toBe(`pool:${config.id}`);
    expect(FileTrafficCache.key(`clock:${config.id}`)).toBe(`clock:${config.id}`);
    expect(FileTrafficCache.key(`paths:${config.id}`)).toBe(`files/paths:${config.id}`);
    const cache = new MemoryCache();
    const messaging = new SessionNetwork({ config, transport, cache });
    await uploadAttachment({ net: messaging, fileServer: defaultFileServer(config) }, bytes(10));
    expect(cache.get(`pool:${config.id}`)).toBeDefined();
    const messagingPaths = JSON.stringify(cache.get(`paths:${config.id}`));
    expect(messagingPaths).toBeDefined();
    const seedCalls: string[] = [];
    const files = fileTrafficNetwork({
      config,
      cache,
      transport: {
        request: (target, body, o) => {
          if (config.seeds.some((s) => target.url.startsWith(s.url))) seedCalls.push(target.url);
          return transport.request(target, body, o);
        },
      },
    });
    const up = await uploadAttachment({ net: files, fileServer: defaultFileServer(config) }, bytes(100));
    expect(up.pointer.size).toBe(100);
    expect(seedCalls).toEqual([]); // the pool came from the shared cache
    expect(cache.get(`files/paths:${config.id}`)).toBeDefined();
    expect(JSON.stringify(cache.get(`paths:${config.id}`))).toBe(messagingPaths);
  }, 60_000);
});
