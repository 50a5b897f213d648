import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDevnet, type Devnet } from '../../src/devnet/index.js';
import { isSessionError } from '../../src/errors.js';
import { deriveIdentity } from '../../src/identity/keys.js';
import { loadNetworkConfig } from '../../src/network/config.js';
import { classifyFailure, UndiciTransport } from '../../src/network/transport.js';
import { MemoryCache, SessionNetwork } from '../../src/network/session-network.js';
import { parseProxyUrl, PROXY_FAILED } from '../../src/network/proxy.js';
import { storeMessage } from '../../src/rpc/storage.js';
import { startSocks5Server, type Socks5Server } from '../helpers/socks5-server.js';

/**
 * A proxy that goes down is not the network's fault: the request fails at once as
 * NETWORK_UNREACHABLE naming the proxy, and no guard, path or node is struck (otherwise every
 * attempt would strike a healthy guard and a short proxy outage would empty the pool).
 */
let dn: Devnet;
let dir: string;
let socks: Socks5Server;
const transports: UndiciTransport[] = [];

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'proxy-down-'));
  dn = await startDevnet({ dir, nodes: 6, swarmSize: 3, rateLimit: false });
  socks = await startSocks5Server();
});
afterAll(async () => {
  await Promise.all(transports.map((t) => t.close()));
  await socks?.close().catch(() => undefined);
  await dn?.stop();
});

describe('the proxy itself fails', () => {
  it('is classified as stage "proxy", apart from a destination that refuses', () => {
    expect(classifyFailure(Object.assign(new Error('x'), { code: PROXY_FAILED })).stage).toBe('proxy');
    expect(classifyFailure(Object.assign(new Error('x'), { code: 'ECONNREFUSED' })).stage).toBe('connect');
  });

  it('a send while the proxy is down: NETWORK_UNREACHABLE about the proxy, no no node struck or dropped', async () => {
    const transport = new UndiciTransport({ proxy: parseProxyUrl(socks.url('socks5')) });
    transports.push(transport);
    const net = new SessionNetwork({
      config: loadNetworkConfig(join(dir, 'devnet.json')),
      transport,
      cache: new MemoryCache(),
    });
    await net.bootstrap();
    const me = await deriveIdentity(crypto.getRandomValues(new Uint8Array(32)));
    const to = { accountId: me.accountId };
    // works through the proxy
    await storeMessage(net, { to: to.accountId, namespace: 0, data: new Uint8Array([1, 2, 3]), ttl: 60_000 });
    await socks.close();
    await transport.close(); // no kept-alive tunnel: the next request needs the proxy
    const t0 = performance.now();
    const err = await storeMessage(net, {
      to: to.accountId,
      namespace: 0,
      data: new Uint8Array([4, 5, 6]),
      ttl: 60_000,
    }).catch((e: unknown) => e);
    expect(isSessionError(err, 'NETWORK_UNREACHABLE'), String(err)).toBe(true);
    expect((err as Error).message).toContain('proxy');
    // one attempt, not a chain of retries through every guard
    expect(performance.now() - t0).toBeLessThan(10_000);
    for (const n of dn.descriptor.nodes) {
      expect(net.strikesOf(n.pubkey_ed25519), n.ip).toBe(0);
      expect(net.isDropped(n.pubkey_ed25519), n.ip).toBe(false);
    }
  }, 60_000);
});
