import { stat } from 'node:fs/promises';
import { basename, extname, join, resolve } from 'node:path';
import { SessionError } from '../errors.js';
import { fromHex, toHex } from '../encoding/bytes.js';
import { fileTrafficNetwork } from '../files/file-network.js';
import { defaultFileServer } from '../files/file-server.js';
import { parseFileUrl } from '../files/file-url.js';
import {
  downloadAttachment,
  readInputFile,
  uploadAttachment,
  type DownloadedFile,
  type TransferProgress,
} from '../files/transfer.js';
import type { WireAttachment } from '../messages/one-to-one.js';
import { loadNetworkConfig } from '../network/config.js';
import { MemoryCache } from '../network/session-network.js';
import { UndiciTransport, type Transport } from '../network/transport.js';
import type { MessageStore, StoredAttachment } from '../store/messages.js';

/**
 * Attachments of messages (messages.md §5.4): files read and checked before any network traffic,
 * uploaded on their own onion paths (a file-traffic network, so a long upload never holds the
 * messaging paths) before the message's wire bytes are made, so a resend re-sends the same
 * pointers; and one attachment of a stored message downloaded by its index.
 */
export interface AttachmentFile {
  path: string;
  data: Uint8Array;
  fileName: string;
  contentType: string;
  width?: number;
  height?: number;
}

export interface AttachmentNetworkOptions {
  /** "mainnet" (default) or the path of a devnet.json. */
  network?: string | undefined;
  signal?: AbortSignal | undefined;
  onProgress?: ((p: TransferProgress) => void) | undefined;
  logger?: ((line: string) => void) | undefined;
  transport?: Transport;
}

/** The MIME types of common extensions; anything else is application/octet-stream. */
const MIME_BY_EXTENSION: Readonly<Record<string, string>> = {
  '.txt': 'text/plain',
  '.md': 'text/markdown',
  '.csv': 'text/csv',
  '.json': 'application/json',
  '.log': 'text/plain',
  '.html': 'text/html',
  '.pdf': 'application/pdf',
  '.zip': 'application/zip',
  '.gz': 'application/gzip',
  '.tar': 'application/x-tar',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.svg': 'image/svg+xml',
  '.mp3': 'audio/mpeg',
  '.ogg': 'audio/ogg',
  '.m4a': 'audio/mp4',
  '.mp4': 'video/mp4',
  '.mov': 'video/quicktime',
  '.webm': 'video/webm',
};

export function contentTypeFor(fileName: string): string {
  return MIME_BY_EXTENSION[extname(fileName).toLowerCase()] ?? 'application/octet-stream';
}

/** Width and height when the header alone gives them (PNG, GIF); others are left out. */
export function imageSize(
  data: Uint8Array,
  contentType: string,
): { width: number; height: number } | undefined {
  const view = new DataView(data.buffer, data.byteOffset, data.byteLength);
  if (contentType === 'image/png' && data.length >= 24 && view.getUint32(12) === 0x49484452) {
    return { width: view.getUint32(16), height: view.getUint32(20) };
  }
  if (contentType === 'image/gif' && data.length >= 10 && data[0] === 0x47 && data[1] === 0x49) {
    return { width: view.getUint16(6, true), height: view.getUint16(8, true) };
  }
  return undefined;
}

/** Reads every file (refusing missing, special, changing or too large ones) before the network. */
export async function readAttachmentFiles(paths: readonly string[]): Promise<AttachmentFile[]> {
  const out: AttachmentFile[] = [];
  for (const path of paths) {
    const data = await readInputFile(path);
    const fileName = basename(path);
    const contentType = contentTypeFor(fileName);
    out.push({ path, data, fileName, contentType, ...imageSize(data, contentType) });
  }
  return out;
}

/** Uploads the files in order; the pointers go into the message (and its sync copy). */
export async function uploadAttachmentFiles(
  files: readonly AttachmentFile[],
  o: AttachmentNetworkOptions = {},
): Promise<WireAttachment[]> {
  if (files.length === 0) return [];
  const config = loadNetworkConfig(o.network);
  const transport = o.transport ?? new UndiciTransport();
  try {
    const net = fileTrafficNetwork({
      config,
      transport,
      cache: new MemoryCache(),
      ...(o.logger ? { logger: o.logger } : {}),
    });
    const ctx = { net, fileServer: defaultFileServer(config) };
    const pointers: WireAttachment[] = [];
    for (const f of files) {
      const up = await uploadAttachment(ctx, f.data, {
        contentType: f.contentType,
        fileName: f.fileName,
        signal: o.signal,
        onProgress: o.onProgress,
      });
      const p = up.pointer;
      pointers.push({
        id: p.id,
        url: p.url,
        key: p.key,
        size: p.size,
        ...(p.digest ? { digest: p.digest } : {}),
        ...(p.contentType ? { contentType: p.contentType } : {}),
        ...(p.fileName ? { fileName: p.fileName } : {}),
        ...(f.width ? { width: f.width } : {}),
        ...(f.height ? { height: f.height } : {}),
      });
    }
    return pointers;
  } finally {
    if (!o.transport) await transport.close?.();
  }
}

/** The file id shown for a pointer: its numeric id, else the URL's last path segment. */
function fileIdOf(a: WireAttachment): string {
  if (a.id !== 0n) return a.id.toString();
  try {
    return parseFileUrl(a.url).id;
  } catch {
    return '0';
  }
}

/** A pointer as the store keeps it in the message's `extras.attachments`. */
export function storedAttachment(a: WireAttachment): StoredAttachment {
  return {
    id: fileIdOf(a),
    fileName: a.fileName ?? null,
    contentType: a.contentType ?? null,
    size: a.size,
    ...(a.width ? { width: a.width } : {}),
    ...(a.height ? { height: a.height } : {}),
    url: a.url,
    key: toHex(a.key),
    ...(a.digest ? { digest: toHex(a.digest) } : {}),
  };
}

export interface AttachmentDownloadResult extends DownloadedFile {
  message: string;
  index: number;
  fileName: string | null;
  contentType: string | null;
}

/**
 * A name from a sender is only a name: its last path segment, and never "." or ".." or empty, so
 * a received file name cannot write outside the directory it is saved in.
 */
export function safeFileName(name: string | null, fallback: string): string {
  const base = (name ?? '').split(/[/\\]/).pop() ?? '';
  // control characters in a file name would garble terminals and scripts that list the directory
  const clean = base.replace(/[\u0000-\u001f\u007f]/g, '');
  return clean === '' || clean === '.' || clean === '..' ? fallback : clean;
}

/** Downloads attachment `index` (1-based) of a stored message; the default name is the sender's. */
export async function downloadMessageAttachment(
  store: MessageStore,
  messageId: string,
  o: AttachmentNetworkOptions & { index?: number; out?: string | undefined; force?: boolean } = {},
): Promise<AttachmentDownloadResult> {
  const row = store.find(messageId);
  if (!row || row.deleted) {
    throw new SessionError('NOT_FOUND', `no message ${messageId} in this profile`, {
      hint: 'ids are shown by `session message list` and `session message receive`',
    });
  }
  const list = row.attachments ?? [];
  const index = o.index ?? 1;
  const a = list[index - 1];
  if (!a) {
    throw new SessionError(
      'INVALID_INPUT',
      list.length === 0
        ? `message ${messageId} has no attachments`
        : `message ${messageId} has ${list.length} attachment(s); --index is 1 to ${list.length}`,
      { details: { reason: 'index', attachments: list.length } },
    );
  }
  const name = safeFileName(a.fileName, a.id);
  // --out naming a directory keeps the sender's name inside it
  const outIsDir = o.out !== undefined && (await stat(o.out).catch(() => undefined))?.isDirectory() === true;
  const dest = resolve(o.out === undefined ? name : outIsDir ? join(o.out, name) : o.out);
  const config = loadNetworkConfig(o.network);
  const transport = o.transport ?? new UndiciTransport();
  try {
    const net = fileTrafficNetwork({
      config,
      transport,
      cache: new MemoryCache(),
      ...(o.logger ? { logger: o.logger } : {}),
    });
    const got = await downloadAttachment(
      { net, fileServer: defaultFileServer(config) },
      { url: a.url, key: fromHex(a.key), digest: a.digest ? fromHex(a.digest) : undefined, size: a.size },
      dest,
      { signal: o.signal, onProgress: o.onProgress, overwrite: o.force === true },
    );
    return {
      ...got,
      message: messageId,
      index,
      fileName: a.fileName,
      contentType: a.contentType,
    };
  } finally {
    if (!o.transport) await transport.close?.();
  }
}

/** `name`, or `name-1.ext`, `name-2.ext`, …: the first that does not exist in `dir`. */
export async function freeNameIn(dir: string, name: string): Promise<string> {
  const ext = extname(name);
  const stem = ext ? name.slice(0, -ext.length) : name;
  for (let k = 0; k < 10_000; k++) {
    const candidate = join(dir, k === 0 ? name : `${stem}-${k}${ext}`);
    if (!(await stat(candidate).catch(() => undefined))) return candidate;
  }
  throw new SessionError('INVALID_INPUT', `too many files named like ${name} in ${dir}`, {
    details: { reason: 'dest-exists' },
  });
}

/** Refuses a --download-dir that is not an existing directory (before any network traffic). */
export async function checkDownloadDir(dir: string): Promise<string> {
  const st = await stat(dir).catch(() => undefined);
  if (!st?.isDirectory())
    throw new SessionError('INVALID_INPUT', `no such directory: ${dir}`, {
      details: { reason: 'dest-dir-missing' },
    });
  return resolve(dir);
}

export interface SavedAttachment {
  message: string;
  index: number;
  path: string;
  size: number;
}

/**
 * Every attachment of the given messages into `dir`, under the senders' names (never replacing a
 * file: a taken name gets `-1`, `-2`, …). One that fails is reported and the rest still come.
 */
export async function downloadAllAttachments(
  store: MessageStore,
  messages: readonly { author: string; timestamp: number; attachments?: StoredAttachment[] }[],
  dir: string,
  o: AttachmentNetworkOptions = {},
): Promise<{ saved: SavedAttachment[]; failed: { message: string; index: number; error: string }[] }> {
  const saved: SavedAttachment[] = [];
  const failed: { message: string; index: number; error: string }[] = [];
  for (const m of messages) {
    const list = m.attachments ?? [];
    const id = `${m.author}:${m.timestamp}`;
    for (let i = 0; i < list.length; i++) {
      const a = list[i]!;
      try {
        const out = await freeNameIn(dir, safeFileName(a.fileName, a.id));
        const r = await downloadMessageAttachment(store, id, { ...o, index: i + 1, out });
        saved.push({ message: id, index: i + 1, path: r.path, size: r.size });
      } catch (e) {
        if (o.signal?.aborted) throw e;
        failed.push({ message: id, index: i + 1, error: (e as Error).message });
      }
    }
  }
  return { saved, failed };
}
