import { describe, expect, it } from 'vitest';
import { utf8 } from '../../src/encoding/bytes.js';
import { SessionError, isSessionError } from '../../src/errors.js';
import type { NetworkConfig } from '../../src/network/config.js';
import { MAINNET } from '../../src/network/config.js';
import {
  SEED_TIMEOUT_MS,
  checkSeed,
  fetchFromSeeds,
  parseSeedBody,
  seedRequestBody,
} from '../../src/network/seeds.js';
import type { Transport, TransportRequestOptions, TransportTarget } from '../../src/network/transport.js';

/** Seed bootstrap (network.md §2.1, §2.2) against a scripted transport: what is sent, what each seed did. */
const ED = 'ab'.repeat(32);
const goodBody = utf8(
  JSON.stringify({
    result: {
      service_node_states: [
        { public_ip: '10.0.0.1', storage_port: 22100, pubkey_ed25519: ED, pubkey_x25519: ED, swarm: '1' },
      ],
    },
  }),
);

type Script = (
  t: TransportTarget,
  o: TransportRequestOptions,
) => Promise<{ status: number; body: Uint8Array }>;

function transport(script: Script) {
  const calls: { target: TransportTarget; body: string; opts: TransportRequestOptions }[] = [];
  const t: Transport = {
    request: async (target, body, opts) => {
      calls.push({ target, body: String(body), opts });
      return script(target, opts);
    },
  };
  return { t, calls };
}

const config = (...urls: string[]): NetworkConfig => ({
  ...MAINNET,
  seeds: urls.map((url) => ({ url, tls: { fingerprint256: 'AA' } })),
});

const failure = (code: 'TIMEOUT' | 'NETWORK_UNREACHABLE' | 'INTERRUPTED', reason?: string) =>
  new SessionError(
    code,
    `failed: ${reason ?? code}`,
    reason ? { details: { stage: 'connect', reason } } : {},
  );

async function caught(p: Promise<unknown>): Promise<SessionError> {
  try {
    await p;
  } catch (e) {
    if (e instanceof SessionError) return e;
    throw e;
  }
  throw new Error('resolved');
}

describe('seed checks and request', () => {
  it('a seed must be https and pinned', () => {
    expect(() => checkSeed({ url: 'http://s', tls: { fingerprint256: 'AA' } })).toThrow(
      'seed http://s is not https: seeds are only reached over pinned TLS',
    );
    expect(() => checkSeed({ url: 'HTTPS://s', tls: { fingerprint256: 'AA' } })).not.toThrow();
    expect(() => checkSeed({ url: 'xhttps://s', tls: { fingerprint256: 'AA' } })).toThrow(SessionError);
    expect(() => checkSeed({ url: 'https://s', tls: {} })).toThrow('seed https://s has no certificate pin');
    expect(() => checkSeed({ url: 'https://s', tls: { pinnedCertPem: 'PEM' } })).not.toThrow();
  });

  it('asks get_n_service_nodes for the node fields, active nodes only', () => {
    expect(JSON.parse(seedRequestBody())).toEqual({
      jsonrpc: '2.0',
      method: 'get_n_service_nodes',
      params: {
        active_only: true,
        fields: {
          public_ip: true,
          storage_port: true,
          pubkey_x25519: true,
          pubkey_ed25519: true,
          swarm: true,
        },
      },
    });
  });

  it('a seed answer without a usable node is BAD_REPLY', () => {
    expect(() => parseSeedBody(utf8('{"result":{"service_node_states":[]}}'))).toThrow(
      'the seed listed no usable node',
    );
    expect(parseSeedBody(goodBody)).toHaveLength(1);
  });
});

describe('fetchFromSeeds', () => {
  it('POSTs to <seed>/json_rpc (one trailing slash dropped) with JSON headers and the seed timeout', async () => {
    const { t, calls } = transport(async () => ({ status: 200, body: goodBody }));
    const lines: string[] = [];
    const ac = new AbortController();
    const nodes = await fetchFromSeeds(config('https://seed.example/'), t, {
      signal: ac.signal,
      log: (l) => lines.push(l),
    });
    expect(nodes).toHaveLength(1);
    expect(calls[0]!.target).toEqual({ url: 'https://seed.example/json_rpc', tls: { fingerprint256: 'AA' } });
    expect(calls[0]!.body).toBe(seedRequestBody());
    expect(calls[0]!.opts).toEqual({
      timeoutMs: SEED_TIMEOUT_MS,
      headers: { 'content-type': 'application/json' },
      signal: ac.signal,
    });
    expect(SEED_TIMEOUT_MS).toBe(5_000);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^seed https:\/\/seed\.example\/: 1 nodes in \d+ ms$/);
    // without a signal, none is passed
    const second = transport(async () => ({ status: 200, body: goodBody }));
    await fetchFromSeeds(config('https://s'), second.t);
    expect('signal' in second.calls[0]!.opts).toBe(false);
  });

  it('no seeds, or an unpinned one, is refused before anything is sent', async () => {
    const { t, calls } = transport(async () => ({ status: 200, body: goodBody }));
    const e = await caught(fetchFromSeeds(config(), t));
    expect(e.code).toBe('INVALID_INPUT');
    expect(e.message).toBe('the network has no seed nodes');
    await expect(fetchFromSeeds(config('https://a', 'http://b'), t)).rejects.toThrow(/is not https/);
    expect(calls).toHaveLength(0);
  });

  it('the first good answer wins even when others fail', async () => {
    const { t } = transport(async (target) => {
      if (target.url.startsWith('https://a')) throw failure('NETWORK_UNREACHABLE', 'refused');
      return { status: 200, body: goodBody };
    });
    await expect(fetchFromSeeds(config('https://a', 'https://b'), t)).resolves.toHaveLength(1);
  });

  it('when none answers, says what each seed did', async () => {
    const { t } = transport(async (target) => {
      const u = target.url;
      if (u.startsWith('https://refused')) throw failure('NETWORK_UNREACHABLE', 'refused');
      if (u.startsWith('https://slow')) throw failure('TIMEOUT', 'timeout');
      if (u.startsWith('https://tls')) throw failure('NETWORK_UNREACHABLE', 'tls');
      if (u.startsWith('https://cert')) throw failure('NETWORK_UNREACHABLE', 'wrong-certificate');
      if (u.startsWith('https://reset')) throw failure('NETWORK_UNREACHABLE', 'reset');
      if (u.startsWith('https://bug')) throw new Error('not a SessionError');
      if (u.startsWith('https://http')) return { status: 503, body: new Uint8Array() };
      return { status: 200, body: utf8('{"result":{"service_node_states":[]}}') };
    });
    const urls = [
      'https://refused',
      'https://slow',
      'https://tls',
      'https://cert',
      'https://reset',
      'https://bug',
      'https://http',
      'https://empty',
    ];
    const lines: string[] = [];
    const e = await caught(fetchFromSeeds(config(...urls), t, { log: (l) => lines.push(l) }));
    expect(e.code).toBe('NETWORK_UNREACHABLE');
    const seeds = (e.details as { seeds: { url: string; outcome: string; detail: string }[] }).seeds;
    expect(seeds).toEqual([
      { url: 'https://refused', outcome: 'refused', detail: 'failed: refused' },
      { url: 'https://slow', outcome: 'timeout', detail: 'failed: timeout' },
      { url: 'https://tls', outcome: 'tls', detail: 'failed: tls' },
      { url: 'https://cert', outcome: 'wrong-certificate', detail: 'failed: wrong-certificate' },
      { url: 'https://reset', outcome: 'error', detail: 'failed: reset' },
      { url: 'https://bug', outcome: 'error', detail: 'not asked' },
      { url: 'https://http', outcome: 'http-error', detail: 'HTTP 503' },
      { url: 'https://empty', outcome: 'bad-answer', detail: 'the seed listed no usable node' },
    ]);
    expect(e.message).toBe(
      `no seed node gave a node list — ${seeds.map((s) => `${s.url}: ${s.outcome} (${s.detail})`).join('; ')}`,
    );
    expect(e.hint).toBe('check the network, or the --network descriptor (is the devnet running?)');
    expect(lines).toContain('seed https://http: http-error (HTTP 503)');
    expect(lines).toHaveLength(8);
  });

  it('every seed with a wrong certificate: the hint says so', async () => {
    const { t } = transport(async () => {
      throw failure('NETWORK_UNREACHABLE', 'wrong-certificate');
    });
    const e = await caught(fetchFromSeeds(config('https://a', 'https://b'), t));
    expect(e.hint).toMatch(/^the seed presented another certificate than the pinned one/);
  });

  it('an interruption is INTERRUPTED, not a seed failure', async () => {
    const ac = new AbortController();
    const { t } = transport(async () => {
      ac.abort();
      throw failure('INTERRUPTED');
    });
    const e = await caught(fetchFromSeeds(config('https://a'), t, { signal: ac.signal }));
    expect(e.code).toBe('INTERRUPTED');
    const other = transport(async () => {
      throw failure('INTERRUPTED');
    });
    const e2 = await caught(fetchFromSeeds(config('https://a'), other.t));
    expect(isSessionError(e2, 'NETWORK_UNREACHABLE')).toBe(true);
    // an abort seen only after the seeds failed
    const late = new AbortController();
    const third = transport(async () => {
      late.abort();
      throw failure('TIMEOUT', 'timeout');
    });
    const e3 = await caught(fetchFromSeeds(config('https://a'), third.t, { signal: late.signal }));
    expect(e3.code).toBe('INTERRUPTED');
  });
});
