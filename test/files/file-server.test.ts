import { mkdirSync, mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { fileServerFrom } from '../../src/actions/file-transfer.js';
import { loadSodium } from '../../src/crypto/sodium.js';
import { utf8 } from '../../src/encoding/bytes.js';
import type { V4Request, V4Response } from '../../src/encoding/v4.js';
import { decryptAttachmentV2 } from '../../src/files/attachment-v2.js';
import { FileServerClient, type FileServerTarget, type V4Sender } from '../../src/files/file-server.js';
import {
  checkUploadSize,
  decryptDownloaded,
  downloadAttachment,
  uploadAttachment,
} from '../../src/files/transfer.js';

const target: FileServerTarget = {
  url: 'http://files.test',
  host: 'files.test',
  port: 80,
  protocol: 'http',
  x25519Hex: 'ab'.repeat(32),
  isDefault: true,
};

/** A file server that answers what the test says, recording the requests. */
function fake(answer: (req: V4Request) => V4Response) {
  const calls: { req: V4Request; kind: unknown; host: unknown }[] = [];
  const sender: V4Sender = {
    v4ToServer(req, opts, server) {
      calls.push({ req, kind: (opts as { kind?: unknown }).kind, host: server?.host });
      return Promise.resolve(answer(req));
    },
  };
  return { sender, calls };
}
const json = (code: number, v: unknown): V4Response => ({
  code,
  headers: { 'content-type': 'application/json' },
  body: utf8(JSON.stringify(v)),
});

describe('file server client replies (§5.5, E7)', () => {
  it('sends POST /file with application/octet-stream (a form type reads as empty, E7), kind server', async () => {
    const f = fake(() => json(200, { id: '123' }));
    expect(await new FileServerClient(f.sender, target).upload(utf8('x'), { ttlSeconds: 60.7 })).toEqual({
      id: '123',
    });
    expect(f.calls[0]!.req).toMatchObject({
      method: 'POST',
      endpoint: '/file',
      headers: { 'Content-Type': 'application/octet-stream', 'X-FS-TTL': '60' },
    });
    expect(f.calls[0]!.kind).toBe('server');
    expect(f.calls[0]!.host).toBe('files.test');
  });

  it('reads both reply shapes: the 2024 server’s {id} and newer {id, expires, uploaded}; a numeric id', async () => {
    const c = (v: unknown) => new FileServerClient(fake(() => json(200, v)).sender, target).upload(utf8('x'));
    expect(await c({ id: 'aGVsbG8td29ybGQ_', expires: 1.5e9, uploaded: 1.4e9 })).toEqual({
      id: 'aGVsbG8td29ybGQ_',
      expires: 1.5e9,
    });
    expect(await c({ id: 42 })).toEqual({ id: '42' });
    await expect(c({ id: '../x' })).rejects.toMatchObject({ code: 'BAD_REPLY' });
    await expect(c({})).rejects.toMatchObject({ code: 'BAD_REPLY' });
    await expect(c({ id: 1.5 })).rejects.toMatchObject({ code: 'BAD_REPLY' });
    const notJson = fake(() => ({ code: 200, headers: {}, body: utf8('<html>') }));
    await expect(new FileServerClient(notJson.sender, target).upload(utf8('x'))).rejects.toMatchObject({
      code: 'BAD_REPLY',
    });
  });

  it('maps refusals: 413 TOO_LARGE, 404 NOT_FOUND, 429 RATE_LIMITED, others REMOTE_REJECTED with the status', async () => {
    const up = (code: number) =>
      new FileServerClient(fake(() => json(code, { status_code: code })).sender, target).upload(utf8('x'));
    await expect(up(413)).rejects.toMatchObject({ code: 'TOO_LARGE', details: { status: 413 } });
    await expect(up(429)).rejects.toMatchObject({ code: 'RATE_LIMITED' });
    await expect(up(500)).rejects.toMatchObject({ code: 'REMOTE_REJECTED', details: { status: 500 } });
    const down = (code: number) =>
      new FileServerClient(fake(() => json(code, { status_code: code })).sender, target).download('7');
    await expect(down(404)).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(down(403)).rejects.toMatchObject({
      code: 'REMOTE_REJECTED',
      message: expect.stringContaining('403'),
    });
  });

  it('refuses before sending: an empty body, an oversized body, a malformed id', async () => {
    const f = fake(() => json(200, { id: '1' }));
    const c = new FileServerClient(f.sender, target);
    await expect(c.upload(new Uint8Array(0))).rejects.toMatchObject({ code: 'INVALID_INPUT' });
    await expect(c.upload(new Uint8Array(10_000_001))).rejects.toMatchObject({ code: 'TOO_LARGE' });
    await expect(c.download('a/b')).rejects.toMatchObject({ code: 'INVALID_INPUT' });
    expect(f.calls).toHaveLength(0);
    expect((await c.upload(new Uint8Array(10_000_000))).id).toBe('1');
  });

  it('a download body over the limit is TOO_LARGE', async () => {
    const f = fake(() => ({ code: 200, headers: {}, body: new Uint8Array(101) }));
    await expect(
      new FileServerClient(f.sender, target).download('1', { maxBytes: 100 }),
    ).rejects.toMatchObject({
      code: 'TOO_LARGE',
    });
  });
});

describe('transfer edges', () => {
  it('v2 uploads: the size limit is the stream size; the blob is a valid §5.2 stream', async () => {
    expect(checkUploadSize(9_000_000, 'v2')).toBeLessThanOrEqual(10_000_000);
    expect(() => checkUploadSize(9_990_000, 'v2')).toThrow(expect.objectContaining({ code: 'TOO_LARGE' }));
    let stored: Uint8Array | undefined;
    const f = fake((req) => ((stored = req.body), json(200, { id: '9' })));
    const up = await uploadAttachment(
      { net: f.sender, fileServer: { ...target, isDefault: false } },
      utf8('hi'),
      {
        format: 'v2',
      },
    );
    expect(up.pointer.url).toBe(`http://files.test/file/9#x=${'ab'.repeat(32)}&d`);
    await loadSodium();
    expect(await decryptAttachmentV2(stored!, up.pointer.key)).toEqual(utf8('hi'));
  });

  it('v2 with a seed: the same file gives the same blob and key; without, a fresh one each time', async () => {
    const bodies: Uint8Array[] = [];
    const f = fake((req) => (bodies.push(req.body!), json(200, { id: String(bodies.length) })));
    const ctx = { net: f.sender, fileServer: target };
    const seed = new Uint8Array(32).fill(9);
    const a = await uploadAttachment(ctx, utf8('same file'), { format: 'v2', seed });
    const b = await uploadAttachment(ctx, utf8('same file'), { format: 'v2', seed });
    await uploadAttachment(ctx, utf8('same file'), { format: 'v2' });
    expect(bodies[1]).toEqual(bodies[0]);
    expect(b.pointer.key).toEqual(a.pointer.key);
    expect(bodies[2]).not.toEqual(bodies[0]);
    expect(await decryptAttachmentV2(bodies[0]!, a.pointer.key)).toEqual(utf8('same file'));
  });

  it('a pointer size larger than the plaintext is DECRYPT_FAILED; a smaller one truncates', async () => {
    const f = fake((req) =>
      req.method === 'POST' ? json(200, { id: '5' }) : { code: 200, headers: {}, body: blob! },
    );
    let blob: Uint8Array | undefined;
    const f2 = fake((req) => ((blob = req.body), json(200, { id: '5' })));
    const up = await uploadAttachment({ net: f2.sender, fileServer: target }, utf8('hello'), {
      format: 'v2',
    });
    await expect(
      decryptDownloaded(blob!, { stream: true, key: up.pointer.key, size: 6 }),
    ).rejects.toMatchObject({ code: 'DECRYPT_FAILED', details: { reason: 'short' } });
    expect(await decryptDownloaded(blob!, { stream: true, key: up.pointer.key, size: 4 })).toEqual(
      utf8('hell'),
    );
    // destination refusals come before the network is asked anything
    const d = mkdtempSync(join(tmpdir(), 'files-dest-'));
    mkdirSync(join(d, 'sub'));
    const reason = (r: string) => expect.objectContaining({ code: 'INVALID_INPUT', details: { reason: r } });
    await expect(
      downloadAttachment({ net: f.sender, fileServer: target }, up.pointer, join(d, 'sub')),
    ).rejects.toEqual(reason('dest-directory'));
    await expect(
      downloadAttachment({ net: f.sender, fileServer: target }, up.pointer, join(d, 'no', 'x')),
    ).rejects.toEqual(reason('dest-dir-missing'));
    expect(f.calls).toHaveLength(0);
    expect(
      (await downloadAttachment({ net: f.sender, fileServer: target }, up.pointer, join(d, 'ok'))).size,
    ).toBe(5);
    expect(readdirSync(d).sort()).toEqual(['ok', 'sub']);
  });

  it('--server and --server-key go together', () => {
    expect(fileServerFrom({}, target)).toBe(target);
    expect(() => fileServerFrom({ server: 'http://x' }, target)).toThrow(
      expect.objectContaining({ code: 'INVALID_INPUT' }),
    );
    expect(() => fileServerFrom({ serverKey: 'ab'.repeat(32) }, target)).toThrow(
      expect.objectContaining({ code: 'INVALID_INPUT' }),
    );
    expect(fileServerFrom({ server: 'http://x:8', serverKey: 'cd'.repeat(32) }, target)).toMatchObject({
      host: 'x',
      port: 8,
      isDefault: false,
    });
  });
});
