import { createHash } from 'node:crypto';
import { basename, resolve } from 'node:path';
import { SessionError } from '../errors.js';
import { fileTrafficNetwork } from '../files/file-network.js';
import { customFileServer, defaultFileServer, type FileServerTarget } from '../files/file-server.js';
import { parseFileUrl } from '../files/file-url.js';
import {
  downloadAttachment,
  readInputFile,
  uploadAttachment,
  type AttachmentFormat,
  type TransferProgress,
} from '../files/transfer.js';
import { loadNetworkConfig } from '../network/config.js';
import { MemoryCache, type SessionNetwork } from '../network/session-network.js';
import { UndiciTransport, type Transport } from '../network/transport.js';

/**
 * `session file upload|download`: standalone transfers that need no identity. Each uses its own
 * network instance (own pool and paths), so a long transfer never holds the paths a messaging
 * process uses.
 */
export interface FileActionOptions {
  /** "mainnet" (default) or the path of a devnet.json. */
  network?: string | undefined;
  /** Another file server: its URL and X25519 key (both or neither). */
  server?: string | undefined;
  serverKey?: string | undefined;
  signal?: AbortSignal | undefined;
  onProgress?: ((p: TransferProgress) => void) | undefined;
  logger?: ((line: string) => void) | undefined;
  transport?: Transport;
}

export interface FileUploadResult {
  url: string;
  fileId: string;
  size: number;
  encryptedSize: number;
  sha256: string;
  format: AttachmentFormat;
  server: string;
  expires?: number;
}

export interface FileDownloadResult {
  path: string;
  size: number;
  sha256: string;
  format: AttachmentFormat;
}

export function fileServerFrom(o: FileActionOptions, fallback: FileServerTarget): FileServerTarget {
  if (o.server === undefined && o.serverKey === undefined) return fallback;
  if (o.server === undefined || o.serverKey === undefined) {
    throw new SessionError('INVALID_INPUT', '--server and --server-key go together (URL and X25519 key)', {
      details: { reason: 'server' },
    });
  }
  return customFileServer(o.server, o.serverKey);
}

async function withNetwork<T>(
  o: FileActionOptions,
  fn: (net: SessionNetwork, fileServer: FileServerTarget) => Promise<T>,
): Promise<T> {
  const config = loadNetworkConfig(o.network);
  const fileServer = fileServerFrom(o, defaultFileServer(config));
  const transport = o.transport ?? new UndiciTransport();
  try {
    const net = fileTrafficNetwork({
      config,
      transport,
      cache: new MemoryCache(),
      ...(o.logger ? { logger: o.logger } : {}),
    });
    return await fn(net, fileServer);
  } finally {
    if (!o.transport) await transport.close?.();
  }
}

export async function uploadFile(
  path: string,
  o: FileActionOptions & { format?: AttachmentFormat } = {},
): Promise<FileUploadResult> {
  const format = o.format ?? 'v1';
  // the file is read (and its size checked) before the network is touched
  o.onProgress?.({ phase: 'read' });
  const data = await readInputFile(path, format);
  const sha256 = createHash('sha256').update(data).digest('hex');
  return withNetwork(o, async (net, fileServer) => {
    const up = await uploadAttachment({ net, fileServer }, data, {
      format,
      signal: o.signal,
      onProgress: o.onProgress,
      fileName: basename(path),
    });
    return {
      url: up.shareUrl,
      fileId: up.pointer.fileId,
      size: data.length,
      encryptedSize: up.encryptedSize,
      sha256,
      format,
      server: fileServer.url,
      ...(up.expires !== undefined ? { expires: up.expires } : {}),
    };
  });
}

export async function downloadFile(
  url: string,
  o: FileActionOptions & { out?: string | undefined; force?: boolean } = {},
): Promise<FileDownloadResult> {
  const parsed = parseFileUrl(url);
  const dest = resolve(o.out ?? parsed.id);
  return withNetwork(o, (net, fileServer) =>
    downloadAttachment({ net, fileServer }, { url }, dest, {
      signal: o.signal,
      onProgress: o.onProgress,
      overwrite: o.force === true,
    }),
  );
}
