import { describe, expect, it } from 'vitest';
import { contentTypeFor, imageSize, safeFileName, storedAttachment } from '../../src/actions/attachments.js';
import { renderHuman, toMessageObject } from '../../src/messages/message-object.js';
import { buildContent, parseContent, type WireAttachment } from '../../src/messages/one-to-one.js';
import { SessionProtos } from '../../src/messages/proto.js';

const pointer: WireAttachment = {
  id: 1234567890123n,
  url: 'http://127.0.0.1:1234/file/1234567890123#p=ab',
  key: new Uint8Array(64).fill(7),
  digest: new Uint8Array(32).fill(9),
  size: 4096,
  contentType: 'image/png',
  fileName: 'screen.png',
  width: 640,
  height: 480,
};

describe('AttachmentPointer on the wire (messages.md §5.4)', () => {
  it('goes into DataMessage.attachments with the spec field numbers, and comes back the same', () => {
    const bytes = buildContent({ kind: 'visible', body: 'see file', attachments: [pointer] }, 5);
    const raw = SessionProtos.Content.decode(bytes).dataMessage!.attachments![0]!;
    // field 1 is a fixed64: the numeric id, exactly
    expect(String(raw.id)).toBe('1234567890123');
    expect(raw.fileName).toBe('screen.png');
    expect(raw.url).toBe(pointer.url);
    const w = SessionProtos.AttachmentPointer.encode(raw).finish();
    // tags: id = field 1 wire type 1 (0x09); url = field 101 wire type 2 (varint 0xaa 0x06)
    expect(w[0]).toBe(0x09);
    expect(Buffer.from(w).includes(Buffer.from([0xaa, 0x06]))).toBe(true);
    const parsed = parseContent(bytes, 5);
    expect(parsed).toMatchObject({ kind: 'visible', body: 'see file' });
    expect(parsed.kind === 'visible' && parsed.attachments).toEqual([pointer]);
  });

  it('a message without files has no attachments field; a pointer with no url or key is left out', () => {
    expect(parseContent(buildContent({ kind: 'visible', body: 'x' }, 5), 5)).not.toHaveProperty(
      'attachments',
    );
    const c = SessionProtos.Content.encode({
      dataMessage: {
        body: 'y',
        attachments: [
          { id: 1, key: new Uint8Array(32) },
          { id: 2, url: 'http://h/file/2' },
        ],
      },
    }).finish();
    expect(parseContent(c, 0)).not.toHaveProperty('attachments');
  });
});

describe('attachments in the store and the message object', () => {
  it('the store keeps key and url (hex); the message object shows only id, name, type, size', () => {
    const s = storedAttachment(pointer);
    expect(s).toMatchObject({ id: '1234567890123', key: '07'.repeat(64), digest: '09'.repeat(32) });
    const m = toMessageObject({
      id: 1,
      conversation: '05' + 'a'.repeat(64),
      hash: null,
      author: '05' + 'a'.repeat(64),
      timestamp: 1,
      direction: 'in',
      text: 'x',
      expiresAt: null,
      readAt: null,
      attachments: [s],
    });
    expect(m.attachments).toEqual([
      {
        id: '1234567890123',
        fileName: 'screen.png',
        contentType: 'image/png',
        size: 4096,
        width: 640,
        height: 480,
      },
    ]);
  });

  it('human output lists each attachment under the text, numbered as --index takes it', () => {
    const from = '05' + 'b'.repeat(64);
    const line = renderHuman(
      {
        ...toMessageObject({
          id: 1,
          conversation: from,
          hash: null,
          author: from,
          timestamp: 0,
          direction: 'in',
          text: 'files',
          expiresAt: null,
          readAt: null,
          attachments: [storedAttachment(pointer), storedAttachment({ ...pointer, fileName: 'b.pdf' })],
        }),
      },
      { own: '05' + 'c'.repeat(64), nameOf: () => undefined, isRequest: () => false },
    );
    expect(line.split('\n').slice(1)).toEqual([
      '    [attachment 1] screen.png (image/png, 4096 bytes)',
      '    [attachment 2] b.pdf (image/png, 4096 bytes)',
    ]);
  });

  it('a non-numeric file id (pointer id 0) is shown as the URL’s last segment', () => {
    expect(storedAttachment({ ...pointer, id: 0n, url: 'http://h:1/file/abcDEF#d' }).id).toBe('abcDEF');
  });
});

describe('file names and types', () => {
  it('a sender’s file name cannot leave the download directory', () => {
    expect(safeFileName('../../etc/passwd', 'f')).toBe('passwd');
    expect(safeFileName('..\\..\\x.txt', 'f')).toBe('x.txt');
    expect(safeFileName('..', 'fallback')).toBe('fallback');
    expect(safeFileName('', 'fallback')).toBe('fallback');
    expect(safeFileName(null, 'fallback')).toBe('fallback');
    expect(safeFileName('a\u0007b\n.txt', 'f')).toBe('ab.txt');
  });

  it('MIME type by extension, octet-stream otherwise; PNG and GIF sizes from their headers', () => {
    expect(contentTypeFor('A.JPG')).toBe('image/jpeg');
    expect(contentTypeFor('notes')).toBe('application/octet-stream');
    const gif = new Uint8Array([0x47, 0x49, 0x46, 0x38, 0x39, 0x61, 10, 0, 20, 0]);
    expect(imageSize(gif, 'image/gif')).toEqual({ width: 10, height: 20 });
    expect(imageSize(gif, 'image/png')).toBeUndefined();
  });
});
