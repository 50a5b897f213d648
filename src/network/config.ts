import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { SessionError } from '../errors.js';
import type { TlsPolicy } from './transport.js';

/** Which Session network to talk to: mainnet (pinned seeds) or a local devnet descriptor. */
export interface NetworkConfig {
  /** Stable id for caches: "mainnet" or "devnet:<seed url>". */
  id: string;
  seeds: { url: string; tls: TlsPolicy }[];
  fileServer: { url: string; host: string; port: number; protocol: 'http' | 'https'; x25519Hex: string };
  /** Minimum pool size before re-bootstrapping (§2.4: 12 on mainnet; a devnet may be small). */
  minPool: number;
}

/** network.md §1: the real seeds (port 4443 carries the 10-year certs) and their pins. */
export const MAINNET: NetworkConfig = {
  id: 'mainnet',
  seeds: [
    [
      'seed1',
      '36:EA:0B:25:35:37:98:85:51:EE:85:6E:4F:D2:0D:55:01:1E:9C:8B:27:EA:A2:F3:4B:8F:32:A0:BD:F0:4F:2D',
    ],
    [
      'seed2',
      'C5:90:8D:D4:13:9A:CD:96:AE:DD:1E:45:57:65:97:65:08:09:C8:A5:EA:02:AF:55:6D:48:53:D4:53:96:E0:E7',
    ],
    [
      'seed3',
      '8A:0A:F2:C7:12:34:2F:22:CE:00:E5:3C:16:01:41:0E:F8:D8:41:56:AE:E0:A9:80:9C:32:F6:F7:EF:BE:55:6E',
    ],
  ].map(([name, fp]) => ({ url: `https://${name}.getsession.org:4443`, tls: { fingerprint256: fp! } })),
  fileServer: {
    url: 'http://filev2.getsession.org',
    host: 'filev2.getsession.org',
    port: 80,
    protocol: 'http',
    x25519Hex: '09324794aa9c11948189762d198c618148e9136ac9582068180661208927ef34',
  },
  minPool: 12,
};

export function loadNetworkConfig(nameOrPath: string | undefined): NetworkConfig {
  if (nameOrPath === undefined || nameOrPath === '' || nameOrPath === 'mainnet') return MAINNET;
  const path = resolve(nameOrPath);
  let d: {
    network?: string;
    seeds?: { url: string; certPem: string; fingerprint256: string }[];
    fileServer?: {
      url: string;
      host: string;
      port: number;
      protocol: 'http' | 'https';
      pubkey_x25519: string;
    };
    nodes?: unknown[];
  };
  try {
    d = JSON.parse(readFileSync(path, 'utf8')) as typeof d;
  } catch (cause) {
    throw new SessionError('NO_NETWORK', `cannot read the network descriptor ${path}`, {
      cause,
      hint: 'use --network mainnet, or the devnet.json written by `session devnet start`',
    });
  }
  if (d.network !== 'devnet' || !Array.isArray(d.seeds) || d.seeds.length === 0 || !d.fileServer) {
    throw new SessionError('INVALID_INPUT', `${path} is not a devnet descriptor`);
  }
  return {
    id: `devnet:${d.seeds[0]!.url}`,
    seeds: d.seeds.map((s) => ({
      url: s.url,
      tls: { pinnedCertPem: s.certPem, fingerprint256: s.fingerprint256 },
    })),
    fileServer: {
      url: d.fileServer.url,
      host: d.fileServer.host,
      port: d.fileServer.port,
      protocol: d.fileServer.protocol,
      x25519Hex: d.fileServer.pubkey_x25519,
    },
    minPool: Math.min(12, Math.max(4, (d.nodes?.length ?? 12) - 1)),
  };
}
