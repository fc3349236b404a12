import Fastify from 'fastify';
import { exportJWK, generateKeyPair, SignJWT, type JWK, type JWTPayload } from 'jose';

export const APP_ID = '2891555a-92ff-42e6-80fa-6e1300c6b5c6';
export const TENANT = 'aa67bd4c-8475-432d-bd41-39f255720e0a';

type Key = { kid: string; privateKey: Awaited<ReturnType<typeof generateKeyPair>>['privateKey']; jwk: JWK };

async function newKey(kid: string): Promise<Key> {
  const { publicKey, privateKey } = await generateKeyPair('RS256', { extractable: true });
  return { kid, privateKey, jwk: { ...(await exportJWK(publicKey)), kid, alg: 'RS256', use: 'sig' } };
}

/** A signing service on loopback: OpenID configuration + JWKS, and tokens signed like Graph's. */
export async function startIssuer() {
  let keys: Key[] = [await newKey('key-1')];
  let published: Key[] = keys;
  const counts = { config: 0, jwks: 0 };
  let failing = false;
  const app = Fastify();
  app.get('/.well-known/OpenIdConfiguration', async (_req, reply) => {
    counts.config += 1;
    if (failing) return reply.code(503).send();
    return { issuer: 'https://api.botframework.com', jwks_uri: `${base}/keys`, id_token_signing_alg_values_supported: ['RS256'] };
  });
  app.get('/keys', async (_req, reply) => {
    counts.jwks += 1;
    if (failing) return reply.code(503).send();
    return { keys: published.map((k) => k.jwk) };
  });
  const base = (await app.listen({ host: '127.0.0.1', port: 0 })).replace('localhost', '127.0.0.1');
  return {
    openIdConfigurationUrl: `${base}/.well-known/OpenIdConfiguration`,
    counts,
    /** Signs a token; claims and header can be overridden (undefined removes a default claim). */
    async sign(
      claims: Record<string, unknown> = {},
      options: { kid?: string; header?: Record<string, unknown>; expiresIn?: string | number; issuedAt?: boolean } = {},
    ) {
      const key = keys.find((k) => k.kid === (options.kid ?? keys[0]?.kid)) as Key;
      const payload: Record<string, unknown> = { iss: 'https://api.botframework.com', aud: APP_ID, tid: TENANT, ...claims };
      for (const [k, v] of Object.entries(payload)) if (v === undefined) delete payload[k];
      const jwt = new SignJWT(payload).setProtectedHeader({ alg: 'RS256', kid: key.kid, typ: 'JWT', ...options.header });
      if (options.issuedAt !== false && !('iat' in claims)) jwt.setIssuedAt();
      if (!('exp' in claims)) jwt.setExpirationTime(options.expiresIn ?? '1h');
      return jwt.sign(key.privateKey);
    },
    /** Adds a new key (signing with it from now on) and publishes both, as a rotation does. */
    async rotate(kid = `key-${keys.length + 1}`) {
      keys = [await newKey(kid), ...keys];
      published = keys;
    },
    /** The kid new tokens are signed with. */
    currentKid: () => keys[0]?.kid as string,
    /** Stops publishing (and signing with) a key. */
    retire(kid: string) {
      keys = keys.filter((k) => k.kid !== kid);
      published = keys;
    },
    /** Signs with a key that is never published. */
    async signWithUnpublishedKey(claims: JWTPayload = {}) {
      const rogue = await newKey('rogue');
      return new SignJWT({ iss: 'https://api.botframework.com', aud: APP_ID, tid: TENANT, ...claims })
        .setProtectedHeader({ alg: 'RS256', kid: 'rogue' })
        .setIssuedAt()
        .setExpirationTime('1h')
        .sign(rogue.privateKey);
    },
    setFailing(value: boolean) {
      failing = value;
    },
    close: () => app.close(),
  };
}

export type Issuer = Awaited<ReturnType<typeof startIssuer>>;
