import { SessionError } from '../errors.js';
import type { V4Response } from '../encoding/v4.js';
import { refusalFor, type RouteRequest, type SogsClient } from './sogs-client.js';
import { checkRoomToken } from './url.js';
import { isBlinded15 } from '../identity/ids.js';

/**
 * Moderation routes (communities.md §11, §12): one builder per route, the same shape as
 * `routes` in sogs-client.ts, and `runSequence` for `/sequence` (ban-and-purge, timed mute), whose
 * first refused sub-request becomes the SessionError the single request would have given.
 */

const USER_ID = /^(05|15)[0-9a-f]{64}$/;

const room = (token: string) => `/room/${encodeURIComponent(checkRoomToken(token))}`;

function userId(id: string): string {
  if (!USER_ID.test(id))
    throw new SessionError('INVALID_INPUT', `not a 05 Account ID or 15 blinded id: ${id.slice(0, 70)}`);
  return id;
}

/** Room routes take 15 ids only on a blinded server (errata Part 2 E1). */
function blindedId(id: string): string {
  if (!isBlinded15(id))
    throw new SessionError(
      'INVALID_INPUT',
      `room moderation routes need a 15 blinded id, not ${id.slice(0, 70)}`,
    );
  return id;
}

function messageId(id: number): number {
  if (!Number.isSafeInteger(id) || id < 0) throw new SessionError('INVALID_INPUT', `not a message id: ${id}`);
  return id;
}

/** Seconds for `timeout` / `in`: 0 < s < 1e9 (§12). */
function seconds(s: number, what: string): number {
  if (!Number.isFinite(s) || s <= 0 || s >= 1e9)
    throw new SessionError('INVALID_INPUT', `${what} must be between 1 second and 31 years`);
  return Math.round(s);
}

export type BanScope = { rooms: string[] } | { global: true };

function scopeBody(scope: BanScope): Record<string, unknown> {
  if ('global' in scope) return { global: true };
  if (scope.rooms.length === 0) throw new SessionError('INVALID_INPUT', 'name at least one room');
  return { rooms: scope.rooms.map((t) => (t === '*' ? t : checkRoomToken(t))) };
}

export interface PermissionValues {
  read?: boolean;
  write?: boolean;
  upload?: boolean;
  accessible?: boolean;
}

export const modRoutes = {
  ban: (sid: string, scope: BanScope, timeoutS?: number): RouteRequest => ({
    method: 'POST',
    path: `/user/${userId(sid)}/ban`,
    json: { ...scopeBody(scope), ...(timeoutS === undefined ? {} : { timeout: seconds(timeoutS, 'a ban') }) },
  }),
  unban: (sid: string, scope: BanScope): RouteRequest => ({
    method: 'POST',
    path: `/user/${userId(sid)}/unban`,
    json: scopeBody(scope),
  }),
  /** `admin` true adds admin (implies moderator); `moderator: false` removes both (§12). */
  moderator: (
    sid: string,
    scope: BanScope,
    role: { moderator: boolean; admin?: boolean; visible?: boolean },
  ): RouteRequest => ({
    method: 'POST',
    path: `/user/${userId(sid)}/moderator`,
    json: {
      ...scopeBody(scope),
      moderator: role.moderator,
      ...(role.admin === undefined ? {} : { admin: role.admin }),
      ...(role.visible === undefined ? {} : { visible: role.visible }),
    },
  }),
  deleteAll: (token: string, sid: string): RouteRequest => ({
    method: 'DELETE',
    path: `${room(token)}/all/${blindedId(sid)}`,
  }),
  setPermissions: (
    token: string,
    sid: string,
    values: PermissionValues,
    defaults: string[] = [],
  ): RouteRequest => {
    const body: Record<string, boolean> = {};
    for (const [k, v] of Object.entries(values)) if (typeof v === 'boolean') body[k] = v;
    for (const k of defaults) body[`default_${k}`] = true;
    if (Object.keys(body).length === 0)
      throw new SessionError('INVALID_INPUT', 'set at least one of read, write, upload, accessible');
    return { method: 'POST', path: `${room(token)}/permissions/${blindedId(sid)}`, json: body };
  },
  futurePermissions: (token: string, sid: string, values: PermissionValues, inS: number): RouteRequest => ({
    method: 'POST',
    path: `${room(token)}/futurePermissions/${blindedId(sid)}`,
    json: { ...values, in: seconds(inS, 'a scheduled change') },
  }),
  permissions: (token: string, sid?: string): RouteRequest => ({
    method: 'GET',
    path: `${room(token)}/permissions${sid === undefined ? '' : `/${blindedId(sid)}`}`,
  }),
  pin: (token: string, id: number): RouteRequest => ({
    method: 'POST',
    path: `${room(token)}/pin/${messageId(id)}`,
    json: {},
  }),
  unpin: (token: string, id: number | 'all'): RouteRequest => ({
    method: 'POST',
    path: `${room(token)}/unpin/${id === 'all' ? 'all' : messageId(id)}`,
    json: {},
  }),
};

/** One element of a /batch or /sequence reply (§11). */
interface SubReply {
  code: number;
  headers?: Record<string, string>;
  body?: unknown;
}

function subResponse(s: SubReply): V4Response {
  // A text or HTML refusal comes back base64-encoded; refusalFor reads its reason from the bytes.
  const body =
    typeof s.body === 'string'
      ? new Uint8Array(Buffer.from(s.body, 'base64'))
      : new Uint8Array(Buffer.from(JSON.stringify(s.body ?? null)));
  return { code: s.code, headers: s.headers ?? {}, body };
}

/**
 * `POST /sequence` (§11): the sub-requests in order, stopping at the first refusal. The outer
 * request is 200 even then: the refused step is thrown as the error its own request would give.
 */
export async function runSequence(
  sogs: SogsClient,
  steps: { req: RouteRequest; what: string; accept?: number[] }[],
  signal?: AbortSignal,
): Promise<{ codes: number[]; bodies: unknown[] }> {
  const list = steps.map(({ req }) => ({
    method: req.method,
    path: req.path,
    ...(req.json === undefined ? {} : { json: req.json }),
  }));
  const reply = await sogs.call<unknown>(
    { method: 'POST', path: '/sequence', json: list },
    signal,
    'a sequence',
  );
  if (!Array.isArray(reply))
    throw new SessionError('BAD_REPLY', 'the community server answered /sequence without a list');
  const out: { codes: number[]; bodies: unknown[] } = { codes: [], bodies: [] };
  for (const [k, step] of steps.entries()) {
    const s = reply[k] as SubReply | undefined;
    if (!s || typeof s.code !== 'number')
      throw new SessionError('BAD_REPLY', `the community server's /sequence reply stops before ${step.what}`);
    const ok = (s.code >= 200 && s.code < 300) || step.accept?.includes(s.code) === true;
    if (!ok) throw refusalFor(subResponse(s), step.what);
    out.codes.push(s.code);
    out.bodies.push(s.body);
    // (the server stops at the first non-2xx: an accepted one can only be the last step)
    if (s.code >= 300) break;
  }
  return out;
}
