import { describe, expect, it } from 'vitest';
import { fileUrlBase, formatFileUrl, parseFileUrl, pointerNumericId } from '../../src/files/file-url.js';
import { customFileServer, serverForUrl, type FileServerTarget } from '../../src/files/file-server.js';

const ED = 'b8eef9821445ae16e2e97ef8aa6fe782fd11ad5253cd6723b281341dba22e371';
const X = '09324794aa9c11948189762d198c618148e9136ac9582068180661208927ef34';
const def: FileServerTarget = {
  url: 'http://filev2.getsession.org',
  host: 'filev2.getsession.org',
  port: 80,
  protocol: 'http',
  x25519Hex: X,
  isDefault: true,
};

describe('file URLs (messages.md §5.3)', () => {
  it('reads the standard fragment: d and p=', () => {
    const u = parseFileUrl(`http://filev2.getsession.org/file/12345#p=${ED}&d`);
    expect(u).toMatchObject({
      base: 'http://filev2.getsession.org/file/12345',
      id: '12345',
      port: 80,
      stream: true,
    });
    expect(u.serverEd25519Hex).toBe(ED);
    expect(parseFileUrl('http://filev2.getsession.org/file/abc_-9').stream).toBe(false);
  });

  it('round-trips the standalone parameters', () => {
    const key = Uint8Array.from({ length: 64 }, (_, i) => i);
    const digest = new Uint8Array(32).fill(7);
    const text = formatFileUrl({
      base: fileUrlBase('http://127.0.0.1:8080/', '42'),
      id: '42',
      stream: false,
      key,
      digest,
      size: 9,
    });
    expect(text).toMatch(/^http:\/\/127\.0\.0\.1:8080\/file\/42#k=[0-9a-f]{128}&h=[0-9a-f]{64}&s=9$/);
    const u = parseFileUrl(text);
    expect(u).toMatchObject({ host: '127.0.0.1', port: 8080, id: '42', size: 9, stream: false });
    expect(u.key).toEqual(key);
    expect(u.digest).toEqual(digest);
  });

  it('refuses what is not a file URL, and malformed keys', () => {
    const reason = (r: string) => expect.objectContaining({ code: 'INVALID_INPUT', details: { reason: r } });
    expect(() => parseFileUrl('not a url')).toThrow(reason('url'));
    expect(() => parseFileUrl('ftp://x/file/1')).toThrow(reason('url-scheme'));
    expect(() => parseFileUrl('http://x/files/1')).toThrow(reason('url-path'));
    expect(() => parseFileUrl('http://x/file/1#k=zz')).toThrow(reason('key-format'));
    expect(() => parseFileUrl('http://x/file/1#p=abcd')).toThrow(reason('server key (p)-length'));
    expect(() => parseFileUrl('http://x/file/1#h=00')).toThrow(reason('digest (h)-length'));
    expect(() => parseFileUrl('http://x/file/1#s=-1')).toThrow(reason('size-format'));
  });

  it('numeric pointer ids (§5.4)', () => {
    expect(pointerNumericId('123')).toBe(123n);
    expect(pointerNumericId('aGVsbG8')).toBe(0n);
    expect(pointerNumericId('99999999999999999999')).toBe(0n);
  });

  it('finds the server: p= (converted from Ed25519, §10.9), x=, or the default one', async () => {
    const other = await serverForUrl(parseFileUrl(`http://files.example:81/file/1#p=${ED}`), def);
    expect(other).toMatchObject({ host: 'files.example', port: 81, x25519Hex: X, isDefault: false });
    const byX = await serverForUrl(parseFileUrl(`https://h/file/1#x=${'ab'.repeat(32)}`), def);
    expect(byX).toMatchObject({ port: 443, protocol: 'https', x25519Hex: 'ab'.repeat(32) });
    expect(await serverForUrl(parseFileUrl('http://filev2.getsession.org/file/1'), def)).toEqual(def);
    await expect(serverForUrl(parseFileUrl('http://elsewhere/file/1'), def)).rejects.toMatchObject({
      code: 'INVALID_INPUT',
      details: { reason: 'server-key' },
    });
    expect(() => customFileServer('http://h:9', 'ab')).toThrow(
      expect.objectContaining({ code: 'INVALID_INPUT' }),
    );
    expect(customFileServer('http://h:9/', 'AB'.repeat(32))).toMatchObject({
      url: 'http://h:9',
      port: 9,
      x25519Hex: 'ab'.repeat(32),
    });
  });
});
