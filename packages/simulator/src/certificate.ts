import { generate } from 'selfsigned';

/** A TLS certificate for the simulator's HTTPS identity endpoint. */
export interface Certificate {
  readonly cert: string;
  readonly key: string;
}

/**
 * A self-signed certificate for 127.0.0.1 / localhost, made at start-up. Clients trust it by
 * its PEM (`simulator.certificate.cert`): msal-node through a custom network client, fetch
 * through an undici Agent with `connect: { ca }`.
 */
export async function selfSignedCertificate(): Promise<Certificate> {
  const pems = await generate([{ name: 'commonName', value: 'graph-calling simulator' }], {
    notBeforeDate: new Date(Date.now() - 60_000),
    notAfterDate: new Date(Date.now() + 7 * 24 * 3600_000),
    keySize: 2048,
    algorithm: 'sha256',
    extensions: [
      { name: 'basicConstraints', cA: false },
      {
        name: 'subjectAltName',
        altNames: [
          { type: 7, ip: '127.0.0.1' },
          { type: 2, value: 'localhost' },
        ],
      },
    ],
  });
  return { cert: pems.cert, key: pems.private };
}
