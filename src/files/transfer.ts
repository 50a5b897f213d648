import { createHash, randomBytes } from 'node:crypto';
import { open, rename, stat, unlink } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { SessionError } from '../errors.js';
import {
  MAX_ATTACHMENT_SIZE,
  MAX_UPLOAD_SIZE,
  V1_KEY_BYTES,
  decryptAttachmentV1,
  encryptAttachmentV1,
  v1EncryptedSize,
  v1MaxBlobSize,
  type V1Encrypted,
} from './attachment-v1.js';
import { V2_KEY_BYTES, decryptAttachmentV2, encryptAttachmentV2, v2EncryptedSize } from './attachment-v2.js';
import { encryptAttachmentV2Deterministic } from './attachment-v2-deterministic.js';
import { FileServerClient, serverForUrl, type FileServerTarget, type V4Sender } from './file-server.js';
import { fileUrlBase, formatFileUrl, parseFileUrl, pointerNumericId, type FileUrl } from './file-url.js';

/**
 * Attachments end to end: read a file (refusing one that changes while it is read), encrypt and
 * upload it; download, verify, decrypt and write it to a temporary file that is renamed into place
 * only when complete, so an interrupted or refused download leaves nothing behind.
 */

export type AttachmentFormat = 'v1' | 'v2';

export type TransferPhase = 'read' | 'encrypt' | 'upload' | 'download' | 'decrypt' | 'write' | 'done';

export interface TransferProgress {
  phase: TransferPhase;
  /** Bytes handled so far in this phase, and the phase's total, when known. */
  bytes?: number;
  total?: number;
}

export interface TransferOptions {
  signal?: AbortSignal | undefined;
  onProgress?: ((p: TransferProgress) => void) | undefined;
}

/** The AttachmentPointer fields (messages.md §5.4) an upload yields. */
export interface AttachmentPointerFields {
  /** `AttachmentPointer.id`: the numeric file id, or 0 for a non-numeric one. */
  id: bigint;
  /** The id as the server gave it. */
  fileId: string;
  /** `AttachmentPointer.url`: base URL plus `#d` / `#p=…` as §5.3 says (never the key). */
  url: string;
  key: Uint8Array;
  /** §5.1 only. */
  digest?: Uint8Array;
  size: number;
  contentType?: string;
  fileName?: string;
}

export interface UploadedAttachment {
  pointer: AttachmentPointerFields;
  format: AttachmentFormat;
  /** A URL that alone fetches and decrypts the file (`k`, `h`, `s` in the fragment). */
  shareUrl: string;
  encryptedSize: number;
  expires?: number;
}

export interface FileTransferContext {
  net: V4Sender;
  /** Where uploads go, and the server URLs without a key are taken to mean. */
  fileServer: FileServerTarget;
}

function checkAbort(signal: AbortSignal | undefined): void {
  if (signal?.aborted) throw new SessionError('INTERRUPTED', 'interrupted');
}

/** The blob size an upload of `len` bytes makes; throws TOO_LARGE before anything is read or sent. */
export function checkUploadSize(len: number, format: AttachmentFormat = 'v1'): number {
  if (len > MAX_ATTACHMENT_SIZE) {
    throw new SessionError(
      'TOO_LARGE',
      `the file is ${len} bytes; attachments are at most ${MAX_ATTACHMENT_SIZE}`,
      {
        details: { size: len, limit: MAX_ATTACHMENT_SIZE },
      },
    );
  }
  const enc = format === 'v1' ? v1EncryptedSize(len) : v2EncryptedSize(len);
  if (enc > MAX_UPLOAD_SIZE) {
    throw new SessionError(
      'TOO_LARGE',
      `the file encrypts to ${enc} bytes; the file server takes at most ${MAX_UPLOAD_SIZE}`,
      {
        details: { size: len, encryptedSize: enc, limit: MAX_UPLOAD_SIZE },
      },
    );
  }
  return enc;
}

function inputError(message: string, reason: string, cause?: unknown): SessionError {
  return new SessionError('INVALID_INPUT', message, { details: { reason }, ...(cause ? { cause } : {}) });
}

/**
 * Reads a whole input file, refusing a missing, unreadable or special file, one over the size
 * limit (before reading it), and one that grows or shrinks while it is read.
 */
export async function readInputFile(
  path: string,
  format: AttachmentFormat = 'v1',
  /** Test seam: runs between the first stat and the read (e.g. to append to the file). */
  hooks: { afterStat?: () => Promise<void> } = {},
): Promise<Uint8Array> {
  let fh;
  try {
    fh = await open(path, 'r');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') throw inputError(`no such file: ${path}`, 'missing', e);
    if (code === 'EISDIR') throw inputError(`${path} is a directory, not a file`, 'directory', e);
    throw inputError(`cannot read ${path}: ${code ?? String(e)}`, 'unreadable', e);
  }
  try {
    const before = await fh.stat();
    if (before.isDirectory()) throw inputError(`${path} is a directory, not a file`, 'directory');
    if (!before.isFile()) throw inputError(`${path} is not a regular file`, 'not-a-file');
    checkUploadSize(before.size, format);
    await hooks.afterStat?.();
    const buf = new Uint8Array(before.size + 1);
    let got = 0;
    try {
      for (;;) {
        const { bytesRead } = await fh.read(buf, got, buf.length - got, got);
        if (bytesRead === 0) break;
        got += bytesRead;
        if (got === buf.length) break;
      }
    } catch (e) {
      throw inputError(
        `cannot read ${path}: ${(e as NodeJS.ErrnoException).code ?? String(e)}`,
        'unreadable',
        e,
      );
    }
    const after = await fh.stat();
    if (got !== before.size || after.size !== before.size || after.mtimeMs !== before.mtimeMs) {
      throw inputError(`${path} changed while it was being read; try again when it is complete`, 'changed');
    }
    return buf.subarray(0, got);
  } finally {
    await fh.close();
  }
}

/** Encrypts and uploads bytes; returns the pointer fields for a message and a standalone URL. */
export async function uploadAttachment(
  ctx: FileTransferContext,
  data: Uint8Array,
  opts: TransferOptions & {
    format?: AttachmentFormat;
    contentType?: string;
    fileName?: string;
    /**
     * §5.2 only: derive key and header from this 32-byte seed and the data (the same file from
     * the same sender makes the same blob, which the server can deduplicate); else random.
     */
    seed?: Uint8Array;
  } = {},
): Promise<UploadedAttachment> {
  const format = opts.format ?? 'v1';
  checkUploadSize(data.length, format);
  checkAbort(opts.signal);
  opts.onProgress?.({ phase: 'encrypt', bytes: 0, total: data.length });
  const enc =
    format === 'v1'
      ? encryptAttachmentV1(data)
      : opts.seed
        ? await encryptAttachmentV2Deterministic(data, opts.seed)
        : await encryptAttachmentV2(data);
  checkAbort(opts.signal);
  const client = new FileServerClient(ctx.net, ctx.fileServer);
  opts.onProgress?.({ phase: 'upload', bytes: 0, total: enc.blob.length });
  const up = await client.upload(enc.blob, { signal: opts.signal });
  opts.onProgress?.({ phase: 'done', bytes: enc.blob.length, total: enc.blob.length });
  const t = ctx.fileServer;
  const base = fileUrlBase(t.url, up.id);
  const serverKey: Pick<FileUrl, 'serverEd25519Hex' | 'serverX25519Hex'> = t.isDefault
    ? {}
    : t.ed25519Hex
      ? { serverEd25519Hex: t.ed25519Hex }
      : { serverX25519Hex: t.x25519Hex };
  const digest = format === 'v1' ? (enc as V1Encrypted).digest : undefined;
  const stream = format === 'v2';
  const pointer: AttachmentPointerFields = {
    id: pointerNumericId(up.id),
    fileId: up.id,
    url: formatFileUrl({ base, id: up.id, stream, ...serverKey }),
    key: enc.key,
    size: data.length,
    ...(digest ? { digest } : {}),
    ...(opts.contentType ? { contentType: opts.contentType } : {}),
    ...(opts.fileName ? { fileName: opts.fileName } : {}),
  };
  const shareUrl = formatFileUrl({
    base,
    id: up.id,
    stream,
    ...serverKey,
    key: enc.key,
    ...(digest ? { digest } : {}),
    size: data.length,
  });
  return {
    pointer,
    format,
    shareUrl,
    encryptedSize: enc.blob.length,
    ...(up.expires !== undefined ? { expires: up.expires } : {}),
  };
}

/** What a download needs: an AttachmentPointer's `url`, `key`, `digest` and `size`. */
export interface DownloadPointer {
  url: string;
  key?: Uint8Array | undefined;
  digest?: Uint8Array | undefined;
  size?: number | undefined;
}

export interface DownloadedFile {
  path: string;
  size: number;
  sha256: string;
  format: AttachmentFormat;
}

/**
 * Decrypts a downloaded blob, choosing the format as §5.3 says (`d` → §5.2; else key and digest
 * → §5.1), and truncates to `size`. Throws before returning anything unverified.
 */
export async function decryptDownloaded(
  blob: Uint8Array,
  p: {
    stream: boolean;
    key?: Uint8Array | undefined;
    digest?: Uint8Array | undefined;
    size?: number | undefined;
  },
): Promise<Uint8Array> {
  if (!p.key || p.key.length === 0) {
    throw inputError('the file URL carries no key: nothing to decrypt it with', 'no-key');
  }
  let plain: Uint8Array;
  if (p.stream) {
    if (p.key.length !== V2_KEY_BYTES)
      throw inputError(
        `the key is ${p.key.length} bytes; a stream (d) attachment key is ${V2_KEY_BYTES}`,
        'key-length',
      );
    plain = await decryptAttachmentV2(blob, p.key);
  } else {
    if (p.key.length !== V1_KEY_BYTES)
      throw inputError(
        `the key is ${p.key.length} bytes; an attachment key is ${V1_KEY_BYTES}`,
        'key-length',
      );
    plain = decryptAttachmentV1(blob, p.key, p.digest, p.size);
  }
  if (p.size !== undefined) {
    if (plain.length < p.size) {
      throw new SessionError(
        'DECRYPT_FAILED',
        `the file is shorter (${plain.length} bytes) than its pointer says (${p.size})`,
        {
          details: { reason: 'short' },
        },
      );
    }
    plain = plain.subarray(0, p.size);
  }
  return plain;
}

/** The largest blob the pointer can describe; a larger download is refused unread. */
function maxBlobFor(p: { stream: boolean; size?: number | undefined }): number | undefined {
  if (p.size === undefined) return undefined;
  return p.stream ? v2EncryptedSize(p.size) : v1MaxBlobSize(p.size);
}

/**
 * Downloads, verifies and decrypts an attachment into `dest`. The bytes go to a temporary file in
 * the destination's directory, renamed over `dest` only when all are written; on any failure or
 * interruption the temporary file is removed and `dest` is untouched.
 */
export async function downloadAttachment(
  ctx: FileTransferContext,
  pointer: DownloadPointer,
  dest: string,
  opts: TransferOptions & { overwrite?: boolean } = {},
): Promise<DownloadedFile> {
  const url = parseFileUrl(pointer.url);
  const key = pointer.key ?? url.key;
  const digest = pointer.digest ?? url.digest;
  const size = pointer.size ?? url.size;
  if (!key) throw inputError('the file URL carries no key (k=…): nothing to decrypt it with', 'no-key');
  const wantKey = url.stream ? V2_KEY_BYTES : V1_KEY_BYTES;
  if (key.length !== wantKey)
    throw inputError(`the key is ${key.length} bytes; this format's key is ${wantKey}`, 'key-length');
  await checkDestination(dest, opts.overwrite === true);
  const server = await serverForUrl(url, ctx.fileServer);
  checkAbort(opts.signal);
  opts.onProgress?.({ phase: 'download' });
  const max = maxBlobFor({ stream: url.stream, size });
  const blob = await new FileServerClient(ctx.net, server).download(url.id, {
    signal: opts.signal,
    ...(max !== undefined ? { maxBytes: max } : {}),
  });
  checkAbort(opts.signal);
  opts.onProgress?.({ phase: 'decrypt', bytes: 0, total: blob.length });
  const plain = await decryptDownloaded(blob, { stream: url.stream, key, digest, size });
  await writeAtomically(dest, plain, opts);
  opts.onProgress?.({ phase: 'done', bytes: plain.length, total: plain.length });
  return {
    path: dest,
    size: plain.length,
    sha256: createHash('sha256').update(plain).digest('hex'),
    format: url.stream ? 'v2' : 'v1',
  };
}

async function checkDestination(dest: string, overwrite: boolean): Promise<void> {
  const st = await stat(dest).catch(() => undefined);
  if (st?.isDirectory()) throw inputError(`${dest} is a directory; give a file path`, 'dest-directory');
  if (st && !overwrite) throw inputError(`${dest} exists (use --force to replace it)`, 'dest-exists');
  const dir = await stat(dirname(dest)).catch(() => undefined);
  if (!dir?.isDirectory()) throw inputError(`no such directory: ${dirname(dest)}`, 'dest-dir-missing');
}

const WRITE_CHUNK = 1 << 20;

/** Writes `bytes` to a temporary sibling of `dest`, fsyncs it and renames it into place. */
export async function writeAtomically(
  dest: string,
  bytes: Uint8Array,
  opts: TransferOptions = {},
): Promise<void> {
  const tmp = join(dirname(dest), `.${basename(dest)}.${randomBytes(6).toString('hex')}.partial`);
  const fh = await open(tmp, 'wx', 0o600).catch((e: NodeJS.ErrnoException) => {
    throw inputError(`cannot write in ${dirname(dest)}: ${e.code ?? String(e)}`, 'dest-unwritable', e);
  });
  let done = false;
  try {
    for (let off = 0; off < bytes.length || off === 0; off += WRITE_CHUNK) {
      checkAbort(opts.signal);
      const piece = bytes.subarray(off, Math.min(off + WRITE_CHUNK, bytes.length));
      opts.onProgress?.({ phase: 'write', bytes: off, total: bytes.length });
      await fh.write(piece, 0, piece.length, off);
      if (bytes.length === 0) break;
    }
    await fh.sync();
    await fh.close();
    checkAbort(opts.signal);
    await rename(tmp, dest);
    done = true;
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENOSPC' || code === 'EDQUOT')
      throw new SessionError('DISK_FULL', 'the disk is full: the download was not written', { cause: e });
    throw e;
  } finally {
    if (!done) {
      await fh.close().catch(() => undefined);
      await unlink(tmp).catch(() => undefined);
    }
  }
}
