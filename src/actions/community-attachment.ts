import { createHash } from 'node:crypto';
import { stat } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import type { SessionClient } from '../client.js';
import { conversationOf } from '../communities/events.js';
import { MAX_ROOM_FILE_SIZE, downloadRoomFile, roomFileIdOf } from '../communities/files.js';
import { SessionError } from '../errors.js';
import { writeAtomically } from '../files/transfer.js';
import { safeFileName } from './attachments.js';
import { communityStore, sogsForRoom, type CommunityOptions } from './community-client.js';
import { parseMessageId } from './community-post.js';
import { pollRoom } from './community-read.js';

export interface CommunityAttachmentDownload {
  room: string;
  message: string;
  index: number;
  fileId: string;
  path: string;
  size: number;
  sha256: string;
  fileName: string | null;
  contentType: string | null;
}

function inputError(message: string, reason: string): SessionError {
  return new SessionError('INVALID_INPUT', message, { details: { reason } });
}

/**
 * `community attachment download ROOM MSG_ID`: attachment `index` (1-based) of a room message,
 * fetched from that room (§10.2; not encrypted, so nothing to decrypt) and renamed into place
 * only when complete. A message not in the store yet is looked for after one poll of the room.
 */
export async function downloadCommunityAttachment(
  client: SessionClient,
  ref: string,
  idText: string,
  opts: CommunityOptions & { index?: number; out?: string | undefined; force?: boolean } = {},
): Promise<CommunityAttachmentDownload> {
  const id = parseMessageId(idText);
  const store = communityStore(client);
  const room = store.resolve(ref);
  const sogs = sogsForRoom(client, store, room, opts);
  let m = store.message(room.id, id);
  if (!m) {
    await pollRoom(store, sogs, room, opts.signal);
    m = store.message(room.id, id);
  }
  if (!m || m.deleted)
    throw new SessionError('NOT_FOUND', `no message ${id} in ${conversationOf(room)}`, {
      hint: 'ids are shown by `session community read`',
    });
  const index = opts.index ?? 1;
  const a = m.attachments[index - 1];
  if (!a)
    throw inputError(
      m.attachments.length === 0
        ? `message ${id} has no attachments`
        : `message ${id} has ${m.attachments.length} attachment(s); --index is 1 to ${m.attachments.length}`,
      'index',
    );
  const fileId = roomFileIdOf(a, room);
  const name = safeFileName(a.fileName, String(fileId));
  // --out naming a directory keeps the sender's name inside it
  const outIsDir =
    opts.out !== undefined && (await stat(opts.out).catch(() => undefined))?.isDirectory() === true;
  const dest = resolve(opts.out === undefined ? name : outIsDir ? join(opts.out, name) : opts.out);
  const st = await stat(dest).catch(() => undefined);
  if (st?.isDirectory()) throw inputError(`${dest} is a directory; give a file path`, 'dest-directory');
  if (st && opts.force !== true)
    throw inputError(`${dest} exists (use --force to replace it)`, 'dest-exists');
  if (!(await stat(dirname(dest)).catch(() => undefined))?.isDirectory())
    throw inputError(`no such directory: ${dirname(dest)}`, 'dest-dir-missing');
  // The pointer's size bounds what is accepted (the sender said it); never more than a room file.
  const maxBytes = a.size > 0 ? Math.min(a.size, MAX_ROOM_FILE_SIZE) : MAX_ROOM_FILE_SIZE;
  const bytes = await downloadRoomFile(sogs, room.token, fileId, { signal: opts.signal, maxBytes });
  if (a.size > 0 && bytes.length !== a.size)
    throw new SessionError(
      'BAD_REPLY',
      `the community server sent ${bytes.length} bytes for a file the post says is ${a.size}`,
    );
  await writeAtomically(dest, bytes, opts.signal ? { signal: opts.signal } : {});
  return {
    room: conversationOf(room),
    message: String(id),
    index,
    fileId: String(fileId),
    path: dest,
    size: bytes.length,
    sha256: createHash('sha256').update(bytes).digest('hex'),
    fileName: a.fileName,
    contentType: a.contentType,
  };
}
