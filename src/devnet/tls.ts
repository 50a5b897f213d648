import { createHash, webcrypto, X509Certificate } from 'node:crypto';
import { readFile, writeFile } from 'node:fs/promises';

/**
 * Self-signed TLS certificates for devnet servers, persisted so a restarted devnet keeps them
 * (clients pin the seed's certificate). ECDSA P-256 keys generate in milliseconds, unlike RSA.
 */
export interface TlsMaterial {
  certPem: string;
  keyPem: string;
  /** SHA-256 fingerprint, colon-separated upper-case hex (as Node's `fingerprint256`). */
  fingerprint256: string;
}

export async function loadOrCreateTls(path: string, commonName: string, ips: string[]): Promise<TlsMaterial> {
  try {
    return JSON.parse(await readFile(path, 'utf8')) as TlsMaterial;
  } catch {
    const tls = await createSelfSigned(commonName, ips);
    await writeFile(path, JSON.stringify(tls), { mode: 0o600 });
    return tls;
  }
}

export async function createSelfSigned(commonName: string, ips: string[]): Promise<TlsMaterial> {
  const x509 = await import('@peculiar/x509');
  x509.cryptoProvider.set(webcrypto as never);
  const alg = { name: 'ECDSA', namedCurve: 'P-256', hash: 'SHA-256' };
  const keys = await webcrypto.subtle.generateKey(alg, true, ['sign', 'verify']);
  const now = Date.now();
  const cert = await x509.X509CertificateGenerator.createSelfSigned({
    serialNumber: createHash('sha256')
      .update(`${commonName}${now}${Math.random()}`)
      .digest('hex')
      .slice(0, 16),
    name: `CN=${commonName}`,
    notBefore: new Date(now - 24 * 3600 * 1000),
    notAfter: new Date(now + 10 * 365 * 24 * 3600 * 1000),
    signingAlgorithm: alg,
    keys,
    extensions: [
      new x509.BasicConstraintsExtension(true, undefined, true),
      new x509.SubjectAlternativeNameExtension(ips.map((value) => ({ type: 'ip' as const, value }))),
    ],
  });
  const pkcs8 = Buffer.from(await webcrypto.subtle.exportKey('pkcs8', keys.privateKey));
  const keyPem = `-----BEGIN PRIVATE KEY-----\n${pkcs8.toString('base64').replace(/(.{64})/g, '$1\n')}\n-----END PRIVATE KEY-----\n`;
  const certPem = cert.toString('pem');
  return { certPem, keyPem, fingerprint256: new X509Certificate(certPem).fingerprint256 };
}
