import { open } from 'node:fs/promises';
import { basename } from 'node:path';
import { SessionError } from '../errors.js';
import type { RouteRequest, SogsClient } from './sogs-client.js';
import { checkRoomToken } from './url.js';

/**
 * Room files (communities.md §10): uploaded raw — room files are public to the room, so unlike
 * 1:1 attachments they are neither encrypted nor padded (§8.5) — and referred to by a post twice:
 * the ids in the post body's `files` (so the server keeps them 15 days instead of 1 hour) and an
 * AttachmentPointer per file in the Content (so Session apps show them).
 */

/** §10.1/§14: pysogs' v3 route enforces no limit, but servers and onion paths take about 10 MB. */
export const MAX_ROOM_FILE_SIZE = 10_000_000;

/** RFC 5987's attr-char set (§10.1): everything else in a name is percent-encoded UTF-8. */
export function contentDisposition(fileName: string): string {
  const enc = Array.from(new TextEncoder().encode(fileName), (b) => {
    const c = String.fromCharCode(b);
    return /[A-Za-z0-9!#$&+\-.^_`|~]/.test(c) ? c : `%${b.toString(16).toUpperCase().padStart(2, '0')}`;
  }).join('');
  return `attachment; filename*=UTF-8''${enc}`;
}

const fileId = (id: number) => {
  if (!Number.isSafeInteger(id) || id < 0) throw new SessionError('INVALID_INPUT', `not a file id: ${id}`);
  return id;
};
const roomPath = (token: string) => `/room/${encodeURIComponent(checkRoomToken(token))}`;

/** The two file routes, built like the others in sogs-client.ts `routes`. */
export const fileRoutes = {
  upload: (token: string, data: Uint8Array, fileName?: string): RouteRequest => ({
    method: 'POST',
    path: `${roomPath(token)}/file`,
    body: data,
    headers: {
      'Content-Type': 'application/octet-stream',
      ...(fileName ? { 'Content-Disposition': contentDisposition(fileName) } : {}),
    },
  }),
  download: (token: string, id: number): RouteRequest => ({
    method: 'GET',
    path: `${roomPath(token)}/file/${fileId(id)}`,
  }),
};

/** The URL official clients put in the pointer (§8.5): `<base_url>/room/<token>/file/<id>`. */
export function roomFileUrl(baseUrl: string, token: string, id: number): string {
  return `${baseUrl.replace(/\/+$/, '')}${roomPath(token)}/file/${fileId(id)}`;
}

/**
 * The file id a pointer names on this room's server: the URL's, when it is this room's file URL
 * (what official clients read), else the pointer's numeric id. A URL of another server or room
 * is refused: the file is fetched from the room the message is in, never from elsewhere.
 */
export function roomFileIdOf(
  a: { id: string; url: string },
  room: { baseUrl: string; token: string },
): number {
  const prefix = `${room.baseUrl.replace(/\/+$/, '')}${roomPath(room.token)}/file/`;
  if (a.url.startsWith(prefix)) {
    const m = /^(\d{1,15})(?:\/.*)?$/.exec(a.url.slice(prefix.length));
    if (m) return Number(m[1]);
  } else if (a.url !== '') {
    throw new SessionError('INVALID_INPUT', `the attachment is not a file of this room: ${a.url}`, {
      details: { reason: 'foreign-url' },
    });
  }
  if (/^\d{1,15}$/.test(a.id) && a.id !== '0') return Number(a.id);
  throw new SessionError('INVALID_INPUT', 'the attachment names no file id of this room', {
    details: { reason: 'no-file-id' },
  });
}

export interface RoomFileInput {
  path: string;
  fileName: string;
  data: Uint8Array;
}

function inputError(message: string, reason: string, cause?: unknown): SessionError {
  return new SessionError('INVALID_INPUT', message, { details: { reason }, ...(cause ? { cause } : {}) });
}

/**
 * Reads a whole file to attach, before any traffic: a missing or special file, one over the limit
 * (checked on the size before reading), an empty one (the server refuses it) and one that changes
 * while it is read are refused.
 */
export async function readRoomFile(path: string, max = MAX_ROOM_FILE_SIZE): Promise<RoomFileInput> {
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
    const st = await fh.stat();
    if (st.isDirectory()) throw inputError(`${path} is a directory, not a file`, 'directory');
    if (!st.isFile()) throw inputError(`${path} is not a regular file`, 'not-a-file');
    if (st.size > max)
      throw new SessionError('TOO_LARGE', `${path} is ${st.size} bytes; a room file is at most ${max}`, {
        details: { size: st.size, limit: max },
      });
    if (st.size === 0) throw inputError(`${path} is empty: a community server refuses empty files`, 'empty');
    const data = new Uint8Array(await fh.readFile());
    const after = await fh.stat();
    if (data.length !== st.size || after.size !== st.size || after.mtimeMs !== st.mtimeMs)
      throw inputError(`${path} changed while it was being read; try again when it is complete`, 'changed');
    return { path, fileName: basename(path), data };
  } finally {
    await fh.close();
  }
}

/** `POST /room/<token>/file` (§10.1): the new file's id. */
export async function uploadRoomFile(
  sogs: SogsClient,
  token: string,
  data: Uint8Array,
  fileName: string | undefined,
  signal?: AbortSignal,
): Promise<number> {
  const r = await sogs.call<{ id?: unknown }>(fileRoutes.upload(token, data, fileName), signal);
  // pysogs answers {"id": N}; a decimal string (as the file server sends) is taken too
  const id = typeof r?.id === 'string' && /^\d{1,15}$/.test(r.id) ? Number(r.id) : r?.id;
  if (typeof id !== 'number' || !Number.isSafeInteger(id) || id < 0)
    throw new SessionError('BAD_REPLY', 'the community server answered the upload without a file id');
  return id;
}

/** `GET /room/<token>/file/<id>` (§10.2): the bytes, refused when more than `maxBytes`. */
export async function downloadRoomFile(
  sogs: SogsClient,
  token: string,
  id: number,
  opts: { signal?: AbortSignal | undefined; maxBytes?: number } = {},
): Promise<Uint8Array> {
  const r = await sogs.callRaw(fileRoutes.download(token, id), opts.signal);
  const max = opts.maxBytes ?? MAX_ROOM_FILE_SIZE;
  if (r.body.length > max)
    throw new SessionError(
      'BAD_REPLY',
      `the community server sent ${r.body.length} bytes for a file of at most ${max}`,
    );
  return r.body;
}
