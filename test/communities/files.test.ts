import { mkdtemp, rm, truncate, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sogsSignedMessage } from '../../src/communities/auth.js';
import {
  contentDisposition,
  downloadRoomFile,
  fileRoutes,
  readRoomFile,
  roomFileIdOf,
  roomFileUrl,
  uploadRoomFile,
} from '../../src/communities/files.js';
import { buildPostData } from '../../src/communities/post-data.js';
import { SogsClient, type SogsTransport } from '../../src/communities/sogs-client.js';
import { readCommunityContent } from '../../src/communities/verify.js';
import { verify } from '../../src/crypto/keys.js';
import { fromBase64, fromHex, utf8 } from '../../src/encoding/bytes.js';
import type { V4Request, V4Response } from '../../src/encoding/v4.js';
import { SessionError, exitCodeFor } from '../../src/errors.js';
import { unpadMessage } from '../../src/messages/padding.js';
import { SessionProtos } from '../../src/messages/proto.js';
import { loadSpecVectors } from '../helpers/spec.js';

const v = loadSpecVectors('communities.vectors.json');
const SERVER = v.derived.server_pk as string;
const sk1 = fromHex(v.libsession_keys.seed1_sk64);

function scripted(answer: V4Response): SogsTransport & { sent: V4Request[] } {
  const sent: V4Request[] = [];
  return {
    sent,
    async send(req) {
      sent.push(req);
      return answer;
    },
  };
}

const client = (t: SogsTransport) =>
  new SogsClient({ transport: t, serverPkHex: SERVER, edSecretKey64: sk1, now: () => 1_700_000_000_500 });

async function rejects(p: Promise<unknown>): Promise<SessionError> {
  try {
    await p;
  } catch (e) {
    if (e instanceof SessionError) return e;
    throw e;
  }
  throw new Error('expected a rejection');
}

describe('room file requests (communities.md §10)', () => {
  it('names the file as RFC 5987 percent-encoded UTF-8, keeping only the unreserved set', () => {
    expect(contentDisposition('report.pdf')).toBe("attachment; filename*=UTF-8''report.pdf");
    expect(contentDisposition('a b/ü"ç.txt')).toBe(
      "attachment; filename*=UTF-8''a%20b%2F%C3%BC%22%C3%A7.txt",
    );
    expect(contentDisposition('!#$&+-.^_`|~')).toBe("attachment; filename*=UTF-8''!#$&+-.^_`|~");
  });

  it('uploads the raw bytes, octet-stream, with the name, signed over the bytes themselves', async () => {
    const data = new Uint8Array([0, 1, 2, 250, 255]);
    const t = scripted({ code: 201, headers: {}, body: utf8('{"id":17}') });
    expect(await uploadRoomFile(client(t), 'lobby', data, 'pic.png')).toBe(17);
    const req = t.sent[0]!;
    expect(req.method).toBe('POST');
    expect(req.endpoint).toBe('/room/lobby/file');
    // not encrypted, not padded, not JSON: exactly the file
    expect(req.body).toEqual(data);
    expect(req.headers['Content-Type']).toBe('application/octet-stream');
    expect(req.headers['Content-Disposition']).toBe("attachment; filename*=UTF-8''pic.png");
    const msg = await sogsSignedMessage({
      serverPkHex: SERVER,
      nonce: fromBase64(req.headers['X-SOGS-Nonce']!),
      timestamp: '1700000000',
      method: 'POST',
      path: '/room/lobby/file',
      body: data,
    });
    expect(
      await verify(
        fromBase64(req.headers['X-SOGS-Signature']!),
        msg,
        fromHex(v.derived.ids.seed1.blinded15.slice(2)),
      ),
    ).toBe(true);
  });

  it('refuses an upload reply without a numeric id; a 403 is PERMISSION_DENIED (exit 4)', async () => {
    const bad = await rejects(
      uploadRoomFile(client(scripted({ code: 201, headers: {}, body: utf8('{}') })), 'lobby', utf8('x'), 'a'),
    );
    expect(bad.code).toBe('BAD_REPLY');
    const denied = await rejects(
      uploadRoomFile(
        client(scripted({ code: 403, headers: {}, body: utf8('Forbidden') })),
        'lobby',
        utf8('x'),
        'a',
      ),
    );
    expect(denied.code).toBe('PERMISSION_DENIED');
    expect(exitCodeFor(denied.code)).toBe(4);
  });

  it('downloads the raw reply body from /room/<token>/file/<id>, bounded', async () => {
    const body = new Uint8Array([9, 8, 7, 6]);
    const t = scripted({ code: 200, headers: { 'content-type': 'application/octet-stream' }, body });
    expect(await downloadRoomFile(client(t), 'lobby', 5)).toEqual(body);
    expect(t.sent[0]!.method).toBe('GET');
    expect(t.sent[0]!.endpoint).toBe('/room/lobby/file/5');
    expect(t.sent[0]!.body).toBeUndefined();
    expect((await rejects(downloadRoomFile(client(t), 'lobby', 5, { maxBytes: 3 }))).code).toBe('BAD_REPLY');
    expect(() => fileRoutes.download('lobby', -1)).toThrow(SessionError);
  });

  it('points at <base_url>/room/<token>/file/<id> and reads the id back only from this room', () => {
    const room = { baseUrl: 'http://127.0.0.1:8080', token: 'lobby' };
    const url = roomFileUrl(room.baseUrl, room.token, 42);
    expect(url).toBe('http://127.0.0.1:8080/room/lobby/file/42');
    expect(roomFileIdOf({ id: '0', url }, room)).toBe(42);
    expect(roomFileIdOf({ id: '0', url: `${url}/name.png` }, room)).toBe(42);
    expect(roomFileIdOf({ id: '7', url: '' }, room)).toBe(7);
    expect(() => roomFileIdOf({ id: '42', url: 'http://evil.example/room/lobby/file/42' }, room)).toThrow(
      /not a file of this room/,
    );
    expect(() => roomFileIdOf({ id: '42', url: 'http://127.0.0.1:8080/room/other/file/42' }, room)).toThrow(
      SessionError,
    );
  });
});

describe('a post with room files (§8.5)', () => {
  it('carries unencrypted pointers (no key, no digest) that the reader lists', async () => {
    const url = 'http://127.0.0.1:8080/room/lobby/file/3';
    const post = await buildPostData({
      text: 'see',
      timestampMs: 1_700_000_000_000,
      edSecretKey64: sk1,
      serverPkHex: SERVER,
      attachments: [
        { id: 3, url, size: 5, contentType: 'image/png', fileName: 'a.png', width: 2, height: 1 },
      ],
    });
    const bytes = fromBase64(post.data);
    const c = SessionProtos.Content.decode(unpadMessage(bytes));
    const p = c.dataMessage!.attachments![0]!;
    expect(p.url).toBe(url);
    expect(p.key === null || p.key === undefined || p.key.length === 0).toBe(true);
    expect(Object.prototype.hasOwnProperty.call(p, 'key')).toBe(false);
    expect(Object.prototype.hasOwnProperty.call(p, 'digest')).toBe(false);
    expect(c.dataMessage!.body).toBe('see');
    expect(readCommunityContent(bytes, 1_700_000_000_000).attachments).toEqual([
      { id: '3', url, fileName: 'a.png', contentType: 'image/png', size: 5, width: 2, height: 1 },
    ]);
  });
});

describe('reading a file to attach, before any traffic', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'room-files-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('reads the bytes and the name', async () => {
    await writeFile(join(dir, 'x.bin'), new Uint8Array([1, 2, 3]));
    const f = await readRoomFile(join(dir, 'x.bin'));
    expect(f.fileName).toBe('x.bin');
    expect(f.data).toEqual(new Uint8Array([1, 2, 3]));
  });

  it('refuses a missing, an empty and a too large file with exit 2', async () => {
    const missing = await rejects(readRoomFile(join(dir, 'nope')));
    expect(missing.code).toBe('INVALID_INPUT');
    await writeFile(join(dir, 'empty'), '');
    expect((await rejects(readRoomFile(join(dir, 'empty')))).code).toBe('INVALID_INPUT');
    await writeFile(join(dir, 'big'), '');
    await truncate(join(dir, 'big'), 10_000_001);
    const big = await rejects(readRoomFile(join(dir, 'big')));
    expect(big.code).toBe('TOO_LARGE');
    expect(exitCodeFor(big.code)).toBe(2);
    expect((await rejects(readRoomFile(join(dir, 'x.bin'), 2))).code).toBe('TOO_LARGE');
    expect((await rejects(readRoomFile(dir))).code).toBe('INVALID_INPUT');
  });
});
