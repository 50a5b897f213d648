// Local network: start time and memory of 9 nodes, direct store/retrieve rate on one node, and the
// median latency of a 3-hop onion request (layers built with the shared hop-encryption module).
import { request } from 'node:https';
import { join } from 'node:path';
import { startDevnet } from '../dist/src/devnet/index.js';
import { hopDecryptWithKey, hopEncrypt } from '../dist/src/crypto/hop.js';
import { encodeFrame } from '../dist/src/encoding/frame.js';
import { fromHex, toHex, utf8 } from '../dist/src/encoding/bytes.js';
import { Agent } from 'node:https';

const agent = new Agent({ keepAlive: true, rejectUnauthorized: false, maxSockets: 8 });

function post(host, port, path, body) {
  return new Promise((resolve, reject) => {
    const req = request({ host, port, path, method: 'POST', agent }, (res) => {
      const chunks = [];
      res.on('data', (c) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode, body: Buffer.concat(chunks) }));
    });
    req.on('error', reject);
    req.end(body);
  });
}

async function rate(fn, ms) {
  const end = Date.now() + ms;
  let n = 0;
  const t0 = Date.now();
  while (Date.now() < end) {
    await Promise.all(Array.from({ length: 8 }, fn));
    n += 8;
  }
  return (n * 1000) / (Date.now() - t0);
}

async function onion(nodes, dest, rpc) {
  const d = await hopEncrypt(
    'aes-gcm',
    encodeFrame(utf8(JSON.stringify(rpc)), { headers: {} }),
    fromHex(dest.pubkey_x25519),
  );
  let ct = d.ciphertext;
  let route = { destination: dest.pubkey_ed25519, ephemeral_key: toHex(d.ephemeralPublic) };
  for (let i = nodes.length - 1; i >= 0; i--) {
    const l = await hopEncrypt('aes-gcm', encodeFrame(ct, route), fromHex(nodes[i].pubkey_x25519));
    ct = l.ciphertext;
    route = { destination: nodes[i].pubkey_ed25519, ephemeral_key: toHex(l.ephemeralPublic) };
  }
  return { body: encodeFrame(ct, { ephemeral_key: route.ephemeral_key }), key: d.key };
}

export default async function devnet({ tmpDir }) {
  const rss0 = process.memoryUsage().rss;
  const t0 = performance.now();
  const dn = await startDevnet({ dir: join(tmpDir, 'dn'), nodes: 9, swarmSize: 3, rateLimit: false });
  const startMs = performance.now() - t0;
  const rssMb = process.memoryUsage().rss / 1e6;
  const rssDeltaMb = (process.memoryUsage().rss - rss0) / 1e6;
  try {
    const n = dn.descriptor.nodes;
    const g = n[0];
    const pubkey = '05' + '22'.repeat(32);
    // Find the swarm member for `pubkey` so stores are accepted (not 421).
    const sw = JSON.parse(
      (
        await post(
          g.ip,
          g.port_https,
          '/storage_rpc/v1',
          JSON.stringify({ method: 'get_swarm', params: { pubkey } }),
        )
      ).body,
    );
    const m = n.find((x) => x.pubkey_ed25519 === sw.snodes[0].pubkey_ed25519);
    let i = 0;
    const storeRate = await rate(async () => {
      const body = JSON.stringify({
        method: 'store',
        params: {
          pubkey,
          namespace: -10,
          timestamp: Date.now(),
          ttl: 600000,
          data: Buffer.from(`m${i++}`).toString('base64'),
        },
      });
      const r = await post(m.ip, m.port_https, '/storage_rpc/v1', body);
      if (r.status !== 200) throw new Error(`store ${r.status}`);
    }, 1500);
    const retrieveRate = await rate(async () => {
      const r = await post(
        m.ip,
        m.port_https,
        '/storage_rpc/v1',
        JSON.stringify({ method: 'retrieve', params: { pubkey, namespace: -10, max_count: 10 } }),
      );
      if (r.status !== 200) throw new Error(`retrieve ${r.status}`);
    }, 1500);
    const lat = [];
    for (let k = 0; k < 40; k++) {
      const o = await onion([n[0], n[4], n[8]], n[2], { method: 'info', params: {} });
      const t = performance.now();
      const r = await post(n[0].ip, n[0].port_https, '/onion_req/v2', o.body);
      await hopDecryptWithKey('aes-gcm', o.key, Buffer.from(r.body.toString(), 'base64'));
      lat.push(performance.now() - t);
    }
    lat.sort((a, b) => a - b);
    return [
      { group: 'devnet', name: 'start 9 nodes', value: startMs, unit: 'ms', target: '< 2000 ms' },
      {
        group: 'devnet',
        name: 'RSS of the process with 9 nodes',
        value: rssMb,
        unit: 'MB',
        target: '< 200 MB',
      },
      { group: 'devnet', name: 'RSS added by starting 9 nodes', value: rssDeltaMb, unit: 'MB' },
      { group: 'devnet', name: 'store, one node (direct)', value: storeRate, unit: 'req/s' },
      { group: 'devnet', name: 'retrieve, one node (direct)', value: retrieveRate, unit: 'req/s' },
      { group: 'devnet', name: '3-hop onion request, median', value: lat[lat.length >> 1], unit: 'ms' },
    ];
  } finally {
    await dn.stop();
    agent.destroy();
  }
}
