import { X509Certificate } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { generate } from 'selfsigned';

/** The TLS certificate the simulator serves Graph, the identity endpoint and the callback keys with. */
export interface Certificate {
  /** PEM, ending with a newline so that it can be appended to a CA bundle. */
  readonly cert: string;
  readonly key: string;
}

/** The names every simulator certificate is valid for: what a client may put in a loopback URL. */
export const CERTIFICATE_HOSTS = ['127.0.0.1', 'localhost', '::1'] as const;

const DAY = 24 * 3600_000;

/**
 * A self-signed certificate for 127.0.0.1, localhost and ::1. Clients trust it by its PEM:
 * `NODE_EXTRA_CA_CERTS=ca.pem` for any Node client, or `ca` options (msal-node through a network
 * client, fetch through an undici Agent with `connect: { ca }`).
 */
export async function selfSignedCertificate(options: { readonly validDays?: number } = {}): Promise<Certificate> {
  const pems = await generate([{ name: 'commonName', value: 'graph-calling simulator' }], {
    notBeforeDate: new Date(Date.now() - 60_000),
    notAfterDate: new Date(Date.now() + (options.validDays ?? 7) * DAY),
    keySize: 2048,
    algorithm: 'sha256',
    extensions: [
      { name: 'basicConstraints', cA: false },
      {
        name: 'subjectAltName',
        altNames: [
          { type: 7, ip: '127.0.0.1' },
          { type: 2, value: 'localhost' },
          { type: 7, ip: '::1' },
        ],
      },
    ],
  });
  return { cert: withNewline(pems.cert), key: withNewline(pems.private) };
}

/**
 * The certificate kept in `dir` (`cert.pem`, `key.pem`), made there on first use and made again
 * only when it is unreadable, expires within a day or lacks one of {@link CERTIFICATE_HOSTS}: so
 * that clients configured to trust it once keep working across restarts.
 */
export async function persistentCertificate(dir: string): Promise<Certificate> {
  const certPath = join(dir, 'cert.pem');
  const keyPath = join(dir, 'key.pem');
  const existing = readPair(certPath, keyPath);
  if (existing) return existing;
  const made = await selfSignedCertificate({ validDays: 365 });
  mkdirSync(dir, { recursive: true });
  writeFileSync(keyPath, made.key, { mode: 0o600 });
  writeFileSync(certPath, made.cert);
  return made;
}

function readPair(certPath: string, keyPath: string): Certificate | undefined {
  let cert: string;
  let key: string;
  try {
    cert = readFileSync(certPath, 'utf8');
    key = readFileSync(keyPath, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
  let x509: X509Certificate;
  try {
    x509 = new X509Certificate(cert);
  } catch {
    // A damaged file is replaced rather than served.
    return undefined;
  }
  const fresh = new Date(x509.validTo).getTime() - Date.now() > DAY;
  const names = x509.subjectAltName ?? '';
  const covers = x509.checkIP('127.0.0.1') !== undefined && x509.checkIP('::1') !== undefined && names.includes('DNS:localhost');
  return fresh && covers ? { cert: withNewline(cert), key: withNewline(key) } : undefined;
}

function withNewline(pem: string): string {
  return pem.endsWith('\n') ? pem : `${pem}\n`;
}
