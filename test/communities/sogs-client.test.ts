import { describe, expect, it } from 'vitest';
import { sogsSignedMessage } from '../../src/communities/auth.js';
import {
  SogsClient,
  directTransport,
  routes,
  type SogsTransport,
} from '../../src/communities/sogs-client.js';
import { readCommunityContent } from '../../src/communities/verify.js';
import { buildContent } from '../../src/messages/one-to-one.js';
import { padMessage } from '../../src/messages/padding.js';
import { SessionProtos } from '../../src/messages/proto.js';
import { createServer } from 'node:net';
import { buildPostData } from '../../src/communities/post-data.js';
import { verifyRows } from '../../src/communities/verify.js';
import { blind15Id } from '../../src/crypto/blinding.js';
import { verify } from '../../src/crypto/keys.js';
import { fromBase64, fromHex, toBase64, utf8 } from '../../src/encoding/bytes.js';
import type { V4Request, V4Response } from '../../src/encoding/v4.js';
import { SessionError, exitCodeFor, isSessionError } from '../../src/errors.js';
import { loadSpecVectors } from '../helpers/spec.js';

const v = loadSpecVectors('communities.vectors.json');
const SERVER = v.derived.server_pk as string;
const sk1 = fromHex(v.libsession_keys.seed1_sk64);
const sk2 = fromHex(v.libsession_keys.seed2_sk64);

function reply(code: number, body: unknown, type = 'application/json'): V4Response {
  return {
    code,
    headers: { 'content-type': type },
    body: typeof body === 'string' ? utf8(body) : utf8(JSON.stringify(body)),
  };
}

/** A transport that records what is sent and answers from a list (the last answer repeats). */
function scripted(answers: (V4Response | Error)[]): SogsTransport & { sent: V4Request[] } {
  const sent: V4Request[] = [];
  return {
    sent,
    async send(req) {
      sent.push(req);
      const a = answers.length > 1 ? answers.shift()! : answers[0]!;
      if (a instanceof Error) throw a;
      return a;
    },
  };
}

function client(t: SogsTransport, extra: Partial<ConstructorParameters<typeof SogsClient>[0]> = {}) {
  return new SogsClient({
    transport: t,
    serverPkHex: SERVER,
    edSecretKey64: sk1,
    now: () => 1_700_000_000_500,
    ...extra,
  });
}

async function rejects(p: Promise<unknown>): Promise<SessionError> {
  try {
    await p;
  } catch (e) {
    if (e instanceof SessionError) return e;
    throw e;
  }
  throw new Error('expected a rejection');
}

describe('SogsClient requests (communities.md §4, §6)', () => {
  it('signs with the 15-blinded key and the injected network time; JSON bodies carry their content type', async () => {
    const t = scripted([reply(201, { id: 1, seqno: 1 })]);
    await client(t).post('lobby', { data: 'AA==', signature: 'BB==' });
    const req = t.sent[0]!;
    expect(req.method).toBe('POST');
    expect(req.endpoint).toBe('/room/lobby/message');
    expect(req.headers['Content-Type']).toBe('application/json');
    expect(req.headers['X-SOGS-Pubkey']).toBe(v.derived.ids.seed1.blinded15);
    expect(req.headers['X-SOGS-Timestamp']).toBe('1700000000');
    const msg = await sogsSignedMessage({
      serverPkHex: SERVER,
      nonce: fromBase64(req.headers['X-SOGS-Nonce']!),
      timestamp: '1700000000',
      method: 'POST',
      path: req.endpoint,
      body: req.body,
    });
    expect(
      await verify(
        fromBase64(req.headers['X-SOGS-Signature']!),
        msg,
        fromHex(v.derived.ids.seed1.blinded15.slice(2)),
      ),
    ).toBe(true);
  });

  it('fetches capabilities once and keeps them in the given cache', async () => {
    const t = scripted([reply(200, { capabilities: ['blind', 'reactions', 'sogs'] })]);
    let stored: string[] | undefined;
    const c = client(t, { capabilities: { get: () => stored, set: (x) => (stored = x) } });
    expect(await c.capabilities()).toEqual(['blind', 'reactions', 'sogs']);
    expect(await c.capabilities()).toEqual(['blind', 'reactions', 'sogs']);
    expect(t.sent).toHaveLength(1);
    expect(stored).toEqual(['blind', 'reactions', 'sogs']);
    // a second client for the same server reads the cache: no request at all
    const t2 = scripted([reply(500, '')]);
    expect(await client(t2, { capabilities: { get: () => stored, set: () => {} } }).capabilities()).toEqual(
      stored,
    );
    expect(t2.sent).toHaveLength(0);
  });

  it('pages messages/since while full pages come back', async () => {
    const page = Array.from({ length: 256 }, (_, i) => ({ id: i + 1, seqno: i + 1, reactions: {} }));
    const t = scripted([reply(200, page), reply(200, [{ id: 300, seqno: 300, reactions: {} }])]);
    const rows = await client(t).messagesSince('lobby', 0);
    expect(rows).toHaveLength(257);
    expect(t.sent.map((r) => r.endpoint)).toEqual([
      '/room/lobby/messages/since/0?t=r&reactors=5&limit=256',
      '/room/lobby/messages/since/256?t=r&reactors=5&limit=256',
    ]);
  });

  it('percent-encodes an emoji in the reaction path', () => {
    expect(routes.react('main', 42, '👍').path).toBe('/room/main/reaction/42/%F0%9F%91%8D');
    expect(() => routes.react('main', 42, '')).toThrow(SessionError);
    expect(() => routes.room('bad room')).toThrow(SessionError);
  });
});

describe('SogsClient refusals (statuses → codes)', () => {
  it('403 → PERMISSION_DENIED (exit 4) with the server’s reason', async () => {
    const html =
      '<!doctype html><title>403 Forbidden</title><h1>Forbidden</h1><p>This endpoint requires room message &#39;write&#39; permission</p>';
    const e = await rejects(
      client(scripted([reply(403, html, 'text/html')])).post('lobby', { data: '', signature: '' }),
    );
    expect(e.code).toBe('PERMISSION_DENIED');
    expect(exitCodeFor(e.code)).toBe(4);
    expect(e.message).toMatch(/requires room message/);
    expect(e.details).toMatchObject({ status: 403 });
    expect((await rejects(client(scripted([reply(403, 'Banned', 'text/plain')])).rooms())).message).toMatch(
      /Banned/,
    );
  });

  it('429 → RATE_LIMITED, 404 → REMOTE_REJECTED, 401 → REMOTE_REJECTED', async () => {
    expect(
      (
        await rejects(
          client(scripted([reply(429, 'slow down', 'text/plain')])).post('lobby', {
            data: '',
            signature: '',
          }),
        )
      ).code,
    ).toBe('RATE_LIMITED');
    expect((await rejects(client(scripted([reply(404, 'nope', 'text/plain')])).room('x'))).code).toBe(
      'REMOTE_REJECTED',
    );
    expect(
      (
        await rejects(
          client(
            scripted([
              reply(401, 'Invalid authentication: X-SOGS-Signature verification failed', 'text/plain'),
            ]),
          ).rooms(),
        )
      ).message,
    ).toMatch(/verification failed/);
  });

  it('no answer stays the transport’s error (exit 3)', async () => {
    const e = await rejects(
      client(scripted([new SessionError('NETWORK_UNREACHABLE', 'cannot reach')])).rooms(),
    );
    expect(e.code).toBe('NETWORK_UNREACHABLE');
    expect(exitCodeFor(e.code)).toBe(3);
  });

  it('a non-JSON 200 is BAD_REPLY', async () => {
    expect((await rejects(client(scripted([reply(200, 'hello', 'text/plain')])).rooms())).code).toBe(
      'BAD_REPLY',
    );
  });

  it('425 → one clock resync, then the request signed again with the new time and a fresh nonce', async () => {
    let now = 1_700_000_000_000;
    let resyncs = 0;
    const t = scripted([
      reply(425, 'Invalid authentication: X-SOGS-Timestamp is too far from current time', 'text/plain'),
      reply(200, []),
    ]);
    const c = client(t, {
      now: () => now,
      resyncClock: async () => {
        resyncs++;
        now += 100_000_000;
      },
    });
    expect(await c.rooms()).toEqual([]);
    expect(resyncs).toBe(1);
    expect(t.sent).toHaveLength(2);
    expect(t.sent[1]!.headers['X-SOGS-Timestamp']).toBe(String(Math.floor(now / 1000)));
    expect(t.sent[1]!.headers['X-SOGS-Nonce']).not.toBe(t.sent[0]!.headers['X-SOGS-Nonce']);
  });

  it('a second 425 is CLOCK_SKEW (exit 7), not a loop', async () => {
    let resyncs = 0;
    const t = scripted([reply(425, 'too far', 'text/plain')]);
    const e = await rejects(client(t, { resyncClock: async () => void resyncs++ }).rooms());
    expect(e.code).toBe('CLOCK_SKEW');
    expect(resyncs).toBe(1);
    expect(t.sent).toHaveLength(2);
  });

  it('CLOCK_SKEW from the onion layer (it resynced already) → signed again once', async () => {
    const t = scripted([
      new SessionError('CLOCK_SKEW', 'the network rejected our clock even after a resync'),
      reply(200, []),
    ]);
    expect(await client(t).rooms()).toEqual([]);
    expect(t.sent).toHaveLength(2);
    const t2 = scripted([new SessionError('CLOCK_SKEW', 'again')]);
    expect((await rejects(client(t2).rooms())).code).toBe('CLOCK_SKEW');
    expect(t2.sent).toHaveLength(2);
  });
});

describe('verifying received messages (§8.9)', () => {
  async function row(id: number, sk: Uint8Array, author: Uint8Array, text: string, postedS = 1_700_000_000) {
    const p = await buildPostData({
      text,
      timestampMs: postedS * 1000,
      edSecretKey64: sk,
      serverPkHex: SERVER,
    });
    return {
      id,
      seqno: id,
      sessionId: await blind15Id(author, SERVER),
      postedMs: postedS * 1000,
      data: p.data,
      signature: p.signature,
      reactions: {},
    };
  }

  it('keeps a genuine message, drops and counts forged ones', async () => {
    const good = await row(1, sk1, sk1, 'hello');
    const forged = await row(2, sk2, sk1, 'I am seed1'); // signed by seed2, claims seed1
    const { signature: _dropped, ...noSig } = await row(3, sk1, sk1, 'x');
    const tampered = { ...(await row(4, sk1, sk1, 'abc')) };
    const bytes = fromBase64(tampered.data);
    bytes[3] = bytes[3]! ^ 1;
    tampered.data = toBase64(bytes);
    const r = await verifyRows([good, forged, noSig, tampered]);
    expect(r.forged).toBe(3);
    expect(r.rows).toHaveLength(1);
    expect(r.rows[0]).toMatchObject({
      kind: 'message',
      id: 1,
      text: 'hello',
      author: v.derived.ids.seed1.blinded15,
    });
    expect(r.maxSeqno).toBe(4);
  });

  it('tombstones and reaction-only rows pass without a signature; the 6 h rule drops a post', async () => {
    const late = await row(5, sk1, sk1, 'old', 1_700_000_000);
    late.postedMs += 7 * 3600 * 1000;
    const r = await verifyRows([
      { id: 1, seqno: 6, data: null, deleted: true },
      { id: 2, seqno: 7, reactions: { '👍': { index: 0, count: 2 } } },
      late,
    ]);
    expect(r.rows.map((x) => x.kind)).toEqual(['deleted', 'reactions']);
    expect(r.unreadable).toBe(1);
    expect(r.maxSeqno).toBe(7);
  });
});

it('isSessionError sanity for INVALID_INPUT on a bad room', () => {
  expect(() => routes.messagesSince('no/slash', 0)).toThrow(
    expect.toSatisfy((e) => isSessionError(e, 'INVALID_INPUT')),
  );
});

describe('more refusals', () => {
  it('a reaction on a server without the reactions capability is refused before any reaction request', async () => {
    const t = scripted([reply(200, { capabilities: ['blind', 'sogs'] })]);
    const e = await rejects(client(t).react('lobby', 1, '👍', false));
    expect(e.code).toBe('REMOTE_REJECTED');
    expect(e.message).toMatch(/does not support reactions/);
    expect(t.sent.map((r) => r.endpoint)).toEqual(['/capabilities']);
  });

  it('direct: a closed port is NETWORK_UNREACHABLE (exit 3), a silent server TIMEOUT (exit 3)', async () => {
    const closed = await new Promise<number>((resolve) => {
      const s = createServer();
      s.listen(0, '127.0.0.1', () => {
        const port = (s.address() as { port: number }).port;
        s.close(() => resolve(port));
      });
    });
    const e = await rejects(
      directTransport(`http://127.0.0.1:${closed}`).send({ method: 'GET', endpoint: '/rooms', headers: {} }),
    );
    expect(e.code).toBe('NETWORK_UNREACHABLE');
    const silent = createServer(() => {});
    await new Promise<void>((r) => silent.listen(0, '127.0.0.1', () => r()));
    try {
      const port = (silent.address() as { port: number }).port;
      const t = await rejects(
        directTransport(`http://127.0.0.1:${port}`, { timeoutMs: 300 }).send({
          method: 'GET',
          endpoint: '/rooms',
          headers: {},
        }),
      );
      expect(t.code).toBe('TIMEOUT');
      expect(exitCodeFor(t.code)).toBe(3);
    } finally {
      silent.close();
    }
  });

  it('reads a Content wrapped in an Envelope (LSNEW decode_for_community)', () => {
    const content = buildContent({ kind: 'visible', body: 'wrapped' }, 1_700_000_000_000);
    const env = SessionProtos.Envelope.encode(
      SessionProtos.Envelope.create({
        type: SessionProtos.Envelope.Type.SESSION_MESSAGE,
        timestamp: 1_700_000_000_000,
        content,
      }),
    ).finish();
    expect(readCommunityContent(padMessage(env), 1_700_000_000_000).text).toBe('wrapped');
    expect(readCommunityContent(padMessage(content), 1_700_000_000_000).text).toBe('wrapped');
  });
});
