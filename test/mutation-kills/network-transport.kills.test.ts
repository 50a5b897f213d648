import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { getEventListeners } from 'node:events';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SessionError } from '../../src/errors.js';
import { UndiciTransport, classifyFailure, failureStage } from '../../src/network/transport.js';

/**
 * How far an exchange got decides who is blamed (network.md §4.9): the classification of every
 * error shape, and UndiciTransport against a plain loopback HTTP server.
 */
const err = (code: string, message = '', name = 'Error') => Object.assign(new Error(message), { code, name });
const wrapped = (inner: unknown) => Object.assign(new Error('fetch failed'), { cause: inner });

describe('classifyFailure', () => {
  const cases: [string, unknown, { stage: string; reason: string }][] = [
    [
      'pin mismatch',
      wrapped(new Error('certificate pin mismatch')),
      { stage: 'connect', reason: 'wrong-certificate' },
    ],
    ['connect timeout', wrapped(err('UND_ERR_CONNECT_TIMEOUT')), { stage: 'connect', reason: 'timeout' }],
    ['ECONNREFUSED', wrapped(err('ECONNREFUSED')), { stage: 'connect', reason: 'refused' }],
    ['EHOSTUNREACH', err('EHOSTUNREACH'), { stage: 'connect', reason: 'refused' }],
    ['ENETUNREACH', err('ENETUNREACH'), { stage: 'connect', reason: 'refused' }],
    ['ENOTFOUND', err('ENOTFOUND'), { stage: 'connect', reason: 'refused' }],
    ['EADDRNOTAVAIL', err('EADDRNOTAVAIL'), { stage: 'connect', reason: 'refused' }],
    ['ERR_TLS_…', err('ERR_TLS_CERT_ALTNAME_INVALID'), { stage: 'connect', reason: 'tls' }],
    ['ERR_SSL_…', err('ERR_SSL_WRONG_VERSION_NUMBER'), { stage: 'connect', reason: 'tls' }],
    ['CERT_…', err('CERT_HAS_EXPIRED'), { stage: 'connect', reason: 'tls' }],
    ['DEPTH_ZERO…', err('DEPTH_ZERO_SELF_SIGNED_CERT'), { stage: 'connect', reason: 'tls' }],
    ['SELF_SIGNED…', err('SELF_SIGNED_CERT_IN_CHAIN'), { stage: 'connect', reason: 'tls' }],
    ['UNABLE_TO…', err('UNABLE_TO_VERIFY_LEAF_SIGNATURE'), { stage: 'connect', reason: 'tls' }],
    ['ERR_OSSL…', err('ERR_OSSL_EVP_BAD_DECRYPT'), { stage: 'connect', reason: 'tls' }],
    ['a code merely containing CERT_', err('XCERT_'), { stage: 'response', reason: 'other' }],
    [
      'TLS in the message',
      new Error('Client network socket disconnected before secure TLS connection'),
      { stage: 'connect', reason: 'tls' },
    ],
    ['ssl in the message, any case', new Error('bad ssl'), { stage: 'connect', reason: 'tls' }],
    ['headers timeout', err('UND_ERR_HEADERS_TIMEOUT'), { stage: 'response', reason: 'timeout' }],
    ['body timeout', err('UND_ERR_BODY_TIMEOUT'), { stage: 'response', reason: 'timeout' }],
    ['TimeoutError by name', err('', 'x', 'TimeoutError'), { stage: 'response', reason: 'timeout' }],
    ['"timed out"', new Error('request Timed Out'), { stage: 'response', reason: 'timeout' }],
    ['"time out"', new Error('Request time out'), { stage: 'response', reason: 'timeout' }],
    ['"timeout"', new Error('socket timeout'), { stage: 'response', reason: 'timeout' }],
    ['ECONNRESET', wrapped(err('ECONNRESET')), { stage: 'connect', reason: 'reset' }],
    ['UND_ERR_SOCKET', err('UND_ERR_SOCKET'), { stage: 'connect', reason: 'reset' }],
    ['EPIPE', err('EPIPE'), { stage: 'connect', reason: 'reset' }],
    ['anything else', new Error('weird'), { stage: 'response', reason: 'other' }],
    ['not an error at all', undefined, { stage: 'response', reason: 'other' }],
  ];
  for (const [name, e, want] of cases) it(name, () => expect(classifyFailure(e)).toEqual(want));

  it('looks at most 5 causes deep', () => {
    let e: unknown = err('ECONNREFUSED');
    for (let i = 0; i < 4; i++) e = wrapped(e);
    expect(classifyFailure(e).reason).toBe('refused');
    expect(classifyFailure(wrapped(e)).reason).toBe('other');
  });

  it('failureStage reads details.stage', () => {
    expect(failureStage(new SessionError('TIMEOUT', 'x', { details: { stage: 'response' } }))).toBe(
      'response',
    );
    expect(failureStage(new SessionError('TIMEOUT', 'x'))).toBeUndefined();
    expect(failureStage(undefined)).toBeUndefined();
  });
});

describe('UndiciTransport over loopback HTTP', () => {
  let server: Server;
  let base: string;
  const seen: { headers: Record<string, unknown>; body: string; method: string }[] = [];
  const t = new UndiciTransport();

  beforeAll(async () => {
    server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        seen.push({ headers: req.headers, body: Buffer.concat(chunks).toString(), method: req.method ?? '' });
        if (req.url === '/hang') return; // never answers
        res.statusCode = req.url === '/teapot' ? 418 : 200;
        res.end(`echo:${Buffer.concat(chunks).toString()}`);
      });
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    await t.close();
    server.closeAllConnections();
    await new Promise((r) => server.close(r));
  });

  it('POSTs the body with the given headers and returns status and bytes', async () => {
    const r = await t.request({ url: `${base}/teapot` }, 'hi', {
      timeoutMs: 10_000,
      headers: { 'x-k': 'v' },
    });
    expect(r.status).toBe(418);
    expect(new TextDecoder().decode(r.body)).toBe('echo:hi');
    expect(seen.at(-1)).toMatchObject({ method: 'POST', body: 'hi', headers: { 'x-k': 'v' } });
  });

  it('no answer within timeoutMs: TIMEOUT at the response stage', async () => {
    const e = (await t
      .request({ url: `${base}/hang` }, 'x', { timeoutMs: 200 })
      .catch((x: unknown) => x)) as SessionError;
    expect(e.code).toBe('TIMEOUT');
    expect(e.details).toMatchObject({ stage: 'response', reason: 'timeout' });
    expect(e.message).toBe(`${new URL(base).host}: no answer within 200 ms`);
  });

  it('a refused connection: NETWORK_UNREACHABLE at the connect stage', async () => {
    const closed = createServer();
    await new Promise<void>((r) => closed.listen(0, '127.0.0.1', r));
    const port = (closed.address() as AddressInfo).port;
    await new Promise((r) => closed.close(r));
    const e = (await t
      .request({ url: `http://127.0.0.1:${port}/` }, 'x', { timeoutMs: 10_000 })
      .catch((x: unknown) => x)) as SessionError;
    expect(e.code).toBe('NETWORK_UNREACHABLE');
    expect(e.details).toEqual({ stage: 'connect', reason: 'refused', host: `127.0.0.1:${port}` });
    expect(e.message).toBe(`127.0.0.1:${port}: connection refused`);
  });

  it('a finished request leaves no abort listener and no timer behind', async () => {
    const timers = () => process.getActiveResourcesInfo().filter((r) => r === 'Timeout').length;
    const before = timers();
    const ac = new AbortController();
    await t.request({ url: `${base}/` }, 'x', { timeoutMs: 120_000, signal: ac.signal });
    expect(getEventListeners(ac.signal, 'abort')).toHaveLength(0);
    expect(timers()).toBeLessThanOrEqual(before);
    const failed = new AbortController();
    await t
      .request({ url: `${base}/hang` }, 'x', { timeoutMs: 100, signal: failed.signal })
      .catch(() => undefined);
    expect(getEventListeners(failed.signal, 'abort')).toHaveLength(0);
  });

  it('an unparsable URL is named as it is', async () => {
    const e = (await t
      .request({ url: 'not a url' }, 'x', { timeoutMs: 1000 })
      .catch((x: unknown) => x)) as SessionError;
    expect(e.code).toBe('NETWORK_UNREACHABLE');
    expect((e.details as { host: string }).host).toBe('not a url');
    expect(e.message.startsWith('not a url: ')).toBe(true);
    expect(e.message.length).toBeGreaterThan('not a url: '.length);
    expect(e.cause).toBeDefined();
  });

  it('an aborted signal is INTERRUPTED, before or during the request', async () => {
    const ac = new AbortController();
    ac.abort();
    const before = (await t
      .request({ url: `${base}/` }, 'x', { timeoutMs: 10_000, signal: ac.signal })
      .catch((x: unknown) => x)) as SessionError;
    expect(before.code).toBe('INTERRUPTED');
    const during = new AbortController();
    const p = t.request({ url: `${base}/hang` }, 'x', { timeoutMs: 10_000, signal: during.signal });
    setTimeout(() => during.abort(), 50);
    const e = (await p.catch((x: unknown) => x)) as SessionError;
    expect(e.code).toBe('INTERRUPTED');
    expect(e.message).toBe('interrupted');
    expect(e.cause).toBeDefined();
  });
});
