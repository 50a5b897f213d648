import { describe, expect, it } from 'vitest';
import { modRoutes, runSequence } from '../../../src/communities/moderation.js';
import type { SogsClient } from '../../../src/communities/sogs-client.js';
import type { SessionError } from '../../../src/errors.js';

const U15 = '15' + 'c'.repeat(64);
const U05 = '05' + 'd'.repeat(64);

/** A SogsClient that answers every call with `reply` and records the requests. */
function fake(reply: unknown): { sogs: SogsClient; calls: unknown[] } {
  const calls: unknown[] = [];
  const sogs = {
    call: (r: unknown) => {
      calls.push(r);
      return Promise.resolve(reply);
    },
  } as unknown as SogsClient;
  return { sogs, calls };
}

const b64 = (s: string) => Buffer.from(s).toString('base64');

describe('moderation routes (§12)', () => {
  it('ban: rooms or global, timed or not; /user/ routes take 05 ids, room routes 15 only', () => {
    expect(modRoutes.ban(U15, { rooms: ['lobby'] }, 3600)).toEqual({
      method: 'POST',
      path: `/user/${U15}/ban`,
      json: { rooms: ['lobby'], timeout: 3600 },
    });
    expect(modRoutes.ban(U05, { global: true }).json).toEqual({ global: true });
    expect(modRoutes.unban(U15, { rooms: ['lobby'] }).path).toBe(`/user/${U15}/unban`);
    expect(() => modRoutes.deleteAll('lobby', U05)).toThrow(/15 blinded id/);
    expect(modRoutes.deleteAll('lobby', U15)).toEqual({ method: 'DELETE', path: `/room/lobby/all/${U15}` });
    expect(() => modRoutes.ban('15zz', { rooms: ['lobby'] })).toThrow();
    expect(() => modRoutes.ban(U15, { rooms: [] })).toThrow();
    expect(() => modRoutes.ban(U15, { rooms: ['lobby'] }, 0)).toThrow();
  });

  it('moderator flags as desktop sends them; permissions and scheduled changes', () => {
    expect(modRoutes.moderator(U15, { rooms: ['lobby'] }, { moderator: true, admin: true }).json).toEqual({
      rooms: ['lobby'],
      moderator: true,
      admin: true,
    });
    expect(modRoutes.moderator(U15, { rooms: ['lobby'] }, { moderator: false, admin: false }).json).toEqual({
      rooms: ['lobby'],
      moderator: false,
      admin: false,
    });
    expect(modRoutes.setPermissions('lobby', U15, { write: false }, ['upload']).json).toEqual({
      write: false,
      default_upload: true,
    });
    expect(() => modRoutes.setPermissions('lobby', U15, {})).toThrow();
    expect(modRoutes.futurePermissions('lobby', U15, { write: true }, 3)).toEqual({
      method: 'POST',
      path: `/room/lobby/futurePermissions/${U15}`,
      json: { write: true, in: 3 },
    });
    expect(modRoutes.pin('lobby', 5).path).toBe('/room/lobby/pin/5');
    expect(modRoutes.unpin('lobby', 'all').path).toBe('/room/lobby/unpin/all');
  });
});

describe('runSequence (§11)', () => {
  it('sends the steps as one /sequence and returns their bodies', async () => {
    const { sogs, calls } = fake([
      { code: 200, body: {} },
      { code: 200, body: [{ at: 1 }] },
    ]);
    const steps = [
      { req: modRoutes.setPermissions('lobby', U15, { write: false }), what: 'the mute' },
      { req: modRoutes.futurePermissions('lobby', U15, { write: true }, 60), what: 'the unmute' },
    ];
    const r = await runSequence(sogs, steps);
    expect(r.codes).toEqual([200, 200]);
    expect(calls).toEqual([
      {
        method: 'POST',
        path: '/sequence',
        json: [
          { method: 'POST', path: `/room/lobby/permissions/${U15}`, json: { write: false } },
          { method: 'POST', path: `/room/lobby/futurePermissions/${U15}`, json: { write: true, in: 60 } },
        ],
      },
    ]);
  });

  it('a refused step is the error its own request would give, with the server reason', async () => {
    const { sogs } = fake([
      {
        code: 403,
        headers: { 'content-type': 'text/plain' },
        body: b64('This endpoint requires moderator room permissions'),
      },
    ]);
    const e = (await runSequence(sogs, [
      { req: modRoutes.ban(U15, { rooms: ['lobby'] }), what: 'the ban' },
      { req: modRoutes.deleteAll('lobby', U15), what: 'the purge' },
    ]).catch((x: unknown) => x)) as SessionError;
    expect(e.code).toBe('PERMISSION_DENIED');
    expect(e.details).toMatchObject({
      status: 403,
      reason: 'This endpoint requires moderator room permissions',
    });
    expect(e.message).toContain('the ban');
  });

  it('an accepted code (404: nothing to purge) ends the sequence without an error; a short reply is BAD_REPLY', async () => {
    const ok = await runSequence(
      fake([
        { code: 200, body: {} },
        { code: 404, body: '' },
      ]).sogs,
      [
        { req: modRoutes.ban(U15, { rooms: ['lobby'] }), what: 'the ban' },
        { req: modRoutes.deleteAll('lobby', U15), what: 'the purge', accept: [404] },
      ],
    );
    expect(ok.codes).toEqual([200, 404]);
    const short = await runSequence(fake([{ code: 200, body: {} }]).sogs, [
      { req: modRoutes.ban(U15, { rooms: ['lobby'] }), what: 'the ban' },
      { req: modRoutes.deleteAll('lobby', U15), what: 'the purge' },
    ]).catch((x: unknown) => x);
    expect((short as SessionError).code).toBe('BAD_REPLY');
    const notList = await runSequence(fake({}).sogs, [{ req: modRoutes.pin('lobby', 1), what: 'pin' }]).catch(
      (x: unknown) => x,
    );
    expect((notList as SessionError).code).toBe('BAD_REPLY');
  });
});
