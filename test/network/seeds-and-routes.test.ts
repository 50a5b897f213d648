import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ed25519KeyPairFromSeed, ed25519PkToX25519, ed25519SkToX25519 } from '../../src/crypto/keys.js';
import { hopDecryptWithKey, hopServerKey } from '../../src/crypto/hop.js';
import { fromHex, toHex } from '../../src/encoding/bytes.js';
import { decodeFrame } from '../../src/encoding/frame.js';
import { startDevnet, type Devnet } from '../../src/devnet/devnet.js';
import { isSessionError, type SessionError } from '../../src/errors.js';
import { MAINNET, loadNetworkConfig, type NetworkConfig } from '../../src/network/config.js';
import { buildServerOnion } from '../../src/network/onion-request.js';
import type { SnodeRecord } from '../../src/network/pool.js';
import { fetchFromSeeds } from '../../src/network/seeds.js';
import { UndiciTransport } from '../../src/network/transport.js';
import { loadSpecVectors } from '../helpers/spec.js';

describe('mainnet seed pins (network.md §1, §12.8)', () => {
  // Copied from the spec's table (§1), recomputed there from the Android PEMs; they must not drift.
  const spec: Record<string, string> = {
    'https://seed1.getsession.org:4443':
      '36:EA:0B:25:35:37:98:85:51:EE:85:6E:4F:D2:0D:55:01:1E:9C:8B:27:EA:A2:F3:4B:8F:32:A0:BD:F0:4F:2D',
    'https://seed2.getsession.org:4443':
      'C5:90:8D:D4:13:9A:CD:96:AE:DD:1E:45:57:65:97:65:08:09:C8:A5:EA:02:AF:55:6D:48:53:D4:53:96:E0:E7',
    'https://seed3.getsession.org:4443':
      '8A:0A:F2:C7:12:34:2F:22:CE:00:E5:3C:16:01:41:0E:F8:D8:41:56:AE:E0:A9:80:9C:32:F6:F7:EF:BE:55:6E',
  };
  it('are https on port 4443, each pinned by the spec’s SHA-256 fingerprint', () => {
    expect(Object.fromEntries(MAINNET.seeds.map((s) => [s.url, s.tls.fingerprint256]))).toEqual(spec);
  });
});

describe('the v4 route to a non-node host (network.md §12.4)', () => {
  const v = loadSpecVectors('network.vectors.json');
  const s = v.onion_v4_server;
  it('matches the vector field by field, protocol and port included', async () => {
    const keys = await Promise.all(
      ['11', '12', '13'].map(async (b) => {
        const kp = await ed25519KeyPairFromSeed(fromHex(b.repeat(32)));
        return {
          ed: toHex(kp.publicKey),
          xPk: await ed25519PkToX25519(kp.publicKey),
          xSk: await ed25519SkToX25519(kp.secretKey),
        };
      }),
    );
    const path: SnodeRecord[] = keys.map((k) => ({
      ip: '127.0.0.1',
      port: 1,
      ed25519: k.ed,
      x25519: toHex(k.xPk),
      swarm: '0',
    }));
    const built = await buildServerOnion(
      path,
      { host: 'filev2.getsession.org', port: 80, protocol: 'http', x25519Hex: s.server_x25519 },
      { method: 'GET', endpoint: '/file/abc', headers: {} },
      [{ ephemeralSecret: fromHex(s.ephemeral_secret), nonce: fromHex(s.iv) }],
    );
    expect(toHex(built.key)).toBe(s.symmetric_key);
    // Peel the three relay layers as the nodes would.
    let frame = decodeFrame(built.body);
    let plain: Uint8Array = new Uint8Array();
    for (const k of keys) {
      const key = await hopServerKey('aes-gcm', k.xSk, k.xPk, fromHex(frame.json.ephemeral_key as string));
      plain = await hopDecryptWithKey('aes-gcm', key, frame.ciphertext);
      frame = decodeFrame(plain);
    }
    expect(toHex(plain)).toBe(s.last_hop_plaintext_hex);
    expect(frame.json).toEqual(JSON.parse(s.last_hop_routing_json));
    expect(frame.jsonText).toBe(s.last_hop_routing_json);
    expect(toHex(frame.ciphertext)).toBe(s.server_ciphertext_hex);
  });
});

describe('seed bootstrap against a devnet seed', () => {
  let dir: string;
  let dn: Devnet;
  let base: NetworkConfig;
  const transport = new UndiciTransport();

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'session-seeds-'));
    dn = await startDevnet({ dir, nodes: 6, swarmSize: 3 });
    base = loadNetworkConfig(join(dir, 'devnet.json'));
  });
  afterAll(async () => {
    await transport.close();
    await dn?.stop();
    await rm(dir, { recursive: true, force: true });
  });

  it('the fingerprint-only pin (the way mainnet is pinned) reaches the seed', async () => {
    const seed = base.seeds[0]!;
    const config = { ...base, seeds: [{ url: seed.url, tls: { fingerprint256: seed.tls.fingerprint256! } }] };
    expect((await fetchFromSeeds(config, transport)).length).toBe(6);
  });

  it('a wrong fingerprint is refused before the request goes out, and the error says so', async () => {
    const seed = base.seeds[0]!;
    const wrong = `${'AB:'.repeat(31)}AB`;
    const config = { ...base, seeds: [{ url: seed.url, tls: { fingerprint256: wrong } }] };
    const e = (await fetchFromSeeds(config, transport).catch((x: unknown) => x)) as SessionError;
    expect(isSessionError(e, 'NETWORK_UNREACHABLE')).toBe(true);
    expect(e.message).toContain('wrong-certificate');
    expect((e.details as { seeds: { outcome: string }[] }).seeds[0]!.outcome).toBe('wrong-certificate');
  });

  it('says what each seed did: one refused, one with a wrong certificate', async () => {
    const seed = base.seeds[0]!;
    const config = {
      ...base,
      seeds: [
        { url: 'https://127.0.0.1:1', tls: seed.tls },
        { url: seed.url, tls: { fingerprint256: `${'CD:'.repeat(31)}CD` } },
      ],
    };
    const e = (await fetchFromSeeds(config, transport).catch((x: unknown) => x)) as SessionError;
    const outcomes = (e.details as { seeds: { outcome: string }[] }).seeds.map((o) => o.outcome);
    expect(outcomes).toEqual(['refused', 'wrong-certificate']);
  });

  it('a plain-http seed, or one without a pin, is refused outright', async () => {
    const seed = base.seeds[0]!;
    for (const bad of [
      { url: seed.url.replace('https:', 'http:'), tls: seed.tls },
      { url: seed.url, tls: {} },
    ]) {
      await expect(fetchFromSeeds({ ...base, seeds: [bad] }, transport)).rejects.toSatisfy((e) =>
        isSessionError(e, 'INVALID_INPUT'),
      );
    }
  });
});
