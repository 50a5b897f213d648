import { createHash } from 'node:crypto';
import { stat } from 'node:fs/promises';
import { SessionError } from '../errors.js';
import { decryptAvatar, encryptAvatar, MAX_AVATAR_BYTES, newAvatarKey } from '../files/avatar.js';
import { fileTrafficNetwork } from '../files/file-network.js';
import { defaultFileServer, FileServerClient, serverForUrl } from '../files/file-server.js';
import { fileUrlBase, formatFileUrl, parseFileUrl } from '../files/file-url.js';
import { readInputFile, writeAtomically } from '../files/transfer.js';
import type { ProfileAvatar } from '../messages/one-to-one.js';
import { loadNetworkConfig } from '../network/config.js';
import { MemoryCache } from '../network/session-network.js';
import { UndiciTransport, type Transport } from '../network/transport.js';

/**
 * Profile pictures (messages.md §5.7): `profile set --avatar` encrypts the picture with our
 * profile key (kept and reused), uploads it to the file server, and from then on every message we
 * send carries its URL and key; `profile avatar` downloads and decrypts a contact's (or our own).
 * Transfers use their own network instance, as `file upload` does.
 */
export interface AvatarNetworkOptions {
  network?: string | undefined;
  signal?: AbortSignal | undefined;
  logger?: ((line: string) => void) | undefined;
  transport?: Transport;
}

export interface UploadedAvatar extends ProfileAvatar {
  size: number;
  sha256: string;
}

export async function uploadAvatar(
  path: string,
  key: Uint8Array | undefined,
  o: AvatarNetworkOptions = {},
): Promise<UploadedAvatar> {
  const image = await readInputFile(path);
  if (image.length > MAX_AVATAR_BYTES)
    throw new SessionError(
      'TOO_LARGE',
      `an avatar is at most ${MAX_AVATAR_BYTES} bytes (${path}: ${image.length})`,
    );
  const profileKey = key ?? newAvatarKey();
  const blob = encryptAvatar(image, profileKey);
  const config = loadNetworkConfig(o.network);
  const transport = o.transport ?? new UndiciTransport();
  try {
    const net = fileTrafficNetwork({
      config,
      transport,
      cache: new MemoryCache(),
      ...(o.logger ? { logger: o.logger } : {}),
    });
    const server = defaultFileServer(config);
    const up = await new FileServerClient(net, server).upload(blob, { signal: o.signal });
    // the default server's URL carries no key (§5.7: http://filev2.getsession.org/file/<id>)
    const url = formatFileUrl({ base: fileUrlBase(server.url, up.id), id: up.id, stream: false });
    return {
      url,
      key: profileKey,
      size: image.length,
      sha256: createHash('sha256').update(image).digest('hex'),
    };
  } finally {
    if (!o.transport) await transport.close?.();
  }
}

export interface DownloadedAvatar {
  path: string;
  size: number;
  sha256: string;
}

export async function downloadAvatar(
  avatar: ProfileAvatar,
  dest: string,
  o: AvatarNetworkOptions & { overwrite?: boolean } = {},
): Promise<DownloadedAvatar> {
  const st = await stat(dest).catch(() => undefined);
  if (st?.isDirectory())
    throw new SessionError('INVALID_INPUT', `${dest} is a directory; give a file path`, {
      details: { reason: 'dest-directory' },
    });
  if (st && !o.overwrite)
    throw new SessionError('INVALID_INPUT', `${dest} exists (use --force to replace it)`, {
      details: { reason: 'dest-exists' },
    });
  const url = parseFileUrl(avatar.url);
  const config = loadNetworkConfig(o.network);
  const transport = o.transport ?? new UndiciTransport();
  try {
    const net = fileTrafficNetwork({
      config,
      transport,
      cache: new MemoryCache(),
      ...(o.logger ? { logger: o.logger } : {}),
    });
    const server = await serverForUrl(url, defaultFileServer(config));
    // IV + the largest picture we accept + tag: anything larger is refused unread
    const blob = await new FileServerClient(net, server).download(url.id, {
      signal: o.signal,
      maxBytes: MAX_AVATAR_BYTES + 28,
    });
    const image = decryptAvatar(blob, avatar.key);
    await writeAtomically(dest, image, o.signal ? { signal: o.signal } : {});
    return { path: dest, size: image.length, sha256: createHash('sha256').update(image).digest('hex') };
  } finally {
    if (!o.transport) await transport.close?.();
  }
}
