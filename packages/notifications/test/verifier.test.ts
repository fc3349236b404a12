import { createHook } from 'node:async_hooks';
import { SignJWT, base64url } from 'jose';
import { createTokenVerifier, TokenError, type TokenErrorCode, type TokenVerifierOptions } from '@graph-calling/notifications';
import { APP_ID, TENANT, startIssuer, type Issuer } from '@graph-calling/test-support/issuer';

let issuer: Issuer;
beforeAll(async () => {
  issuer = await startIssuer();
});
afterAll(() => issuer.close());

const verifier = (extra: Partial<TokenVerifierOptions> = {}) =>
  createTokenVerifier({ appIds: APP_ID, openIdConfigurationUrl: issuer.openIdConfigurationUrl, cacheVerifiedTokens: false, ...extra });

async function refusal(promise: Promise<unknown>): Promise<{ code: TokenErrorCode; status: number; message: string }> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof TokenError) return { code: error.code, status: error.status, message: error.message };
    throw error;
  }
  throw new Error('expected a TokenError');
}

describe('token verification', () => {
  it('accepts a token signed by a published key and returns the tenant', async () => {
    const caller = await verifier().verify(`Bearer ${await issuer.sign()}`);
    expect(caller).toMatchObject({ tenantId: TENANT, appId: APP_ID, issuer: 'https://api.botframework.com' });
  });

  it('accepts the Graph issuer, a trailing slash, a cty: JWT header, and any of several app ids', async () => {
    const v = verifier({ appIds: ['00000000-0000-0000-0000-000000000000', APP_ID] });
    await expect(v.verify(`Bearer ${await issuer.sign({ iss: 'https://graph.microsoft.com' })}`)).resolves.toMatchObject({
      tenantId: TENANT,
    });
    await expect(v.verify(`Bearer ${await issuer.sign({ iss: 'https://api.botframework.com/' })}`)).resolves.toMatchObject({
      tenantId: TENANT,
    });
    await expect(v.verify(`bearer ${await issuer.sign({}, { header: { cty: 'JWT' } })}`)).resolves.toMatchObject({ appId: APP_ID });
  });

  it.each<[string, TokenErrorCode, number, () => string | undefined | Promise<string | undefined>]>([
    ['no Authorization header', 'missing-authorization', 401, () => undefined],
    ['another scheme', 'malformed-token', 401, () => `Basic ${Buffer.from('a:b').toString('base64')}`],
    ['garbage after Bearer', 'malformed-token', 401, () => 'Bearer not.a-jwt'],
    [
      'alg: none',
      'unsupported-algorithm',
      401,
      () =>
        `Bearer ${base64url.encode('{"alg":"none"}')}.${base64url.encode(JSON.stringify({ iss: 'https://api.botframework.com', aud: APP_ID, tid: TENANT }))}.`,
    ],
    [
      'HS256 with a guessed secret',
      'unsupported-algorithm',
      401,
      async () =>
        `Bearer ${await new SignJWT({ tid: TENANT })
          .setProtectedHeader({ alg: 'HS256', kid: 'key-1' })
          .setIssuer('https://api.botframework.com')
          .setAudience(APP_ID)
          .setExpirationTime('1h')
          .sign(new TextEncoder().encode('x'.repeat(32)))}`,
    ],
    [
      'a tampered payload',
      'bad-signature',
      401,
      async () => {
        const [h, , s] = (await issuer.sign()).split('.');
        return `Bearer ${h}.${base64url.encode(JSON.stringify({ iss: 'https://api.botframework.com', aud: APP_ID, tid: 'other', exp: 9999999999 }))}.${s}`;
      },
    ],
    ['a key that is not published', 'unknown-key', 401, async () => `Bearer ${await issuer.signWithUnpublishedKey()}`],
    ['another issuer', 'wrong-issuer', 401, async () => `Bearer ${await issuer.sign({ iss: 'https://evil.example' })}`],
    ['another audience', 'wrong-audience', 401, async () => `Bearer ${await issuer.sign({ aud: 'someone-else' })}`],
    ['an expired token', 'expired', 401, async () => `Bearer ${await issuer.sign({ exp: Math.floor(Date.now() / 1000) - 3600 })}`],
    [
      'a token not yet valid',
      'not-yet-valid',
      401,
      async () => `Bearer ${await issuer.sign({ nbf: Math.floor(Date.now() / 1000) + 3600 })}`,
    ],
    ['no tid claim', 'missing-tenant', 401, async () => `Bearer ${await issuer.sign({ tid: undefined })}`],
    ['no exp claim (a token that never dies)', 'missing-expiry', 401, async () => `Bearer ${await issuer.sign({ exp: undefined })}`],
    ['neither iat nor nbf', 'missing-issued-at', 401, async () => `Bearer ${await issuer.sign({ iat: undefined })}`],
    ['a lifetime of 48 h', 'lifetime-too-long', 401, async () => `Bearer ${await issuer.sign({}, { expiresIn: '48h' })}`],
    [
      'a critical header extension',
      'malformed-token',
      401,
      async () => `Bearer ${await issuer.sign({}, { header: { crit: ['b64'], b64: true } })}`,
    ],
    [
      'a signature of another token',
      'bad-signature',
      401,
      async () => {
        const [h, p] = (await issuer.sign({ jti: 'one' })).split('.');
        return `Bearer ${h}.${p}.${(await issuer.sign({ jti: 'two' })).split('.')[2]}`;
      },
    ],
  ])('refuses %s with %s (%d)', async (_name, code, status, header) => {
    const result = await refusal(verifier().verify(await header()));
    expect(result).toMatchObject({ code, status });
  });

  it('refuses a tenant that is not allowed with 403, and says which tenant', async () => {
    const result = await refusal(
      verifier({ allowedTenants: ['11111111-1111-1111-1111-111111111111'] }).verify(`Bearer ${await issuer.sign()}`),
    );
    expect(result).toEqual({
      code: 'tenant-not-allowed',
      status: 403,
      message: `expected a callback from an allowed tenant, found tenant ${TENANT}`,
    });
    await expect(verifier({ allowedTenants: (t) => t === TENANT }).verify(`Bearer ${await issuer.sign()}`)).resolves.toBeDefined();
  });

  it('tolerates small clock skew, as configured', async () => {
    const justExpired = await issuer.sign({ exp: Math.floor(Date.now() / 1000) - 30 });
    await expect(verifier().verify(`Bearer ${justExpired}`)).resolves.toBeDefined();
    expect((await refusal(verifier({ clockToleranceSeconds: 5 }).verify(`Bearer ${justExpired}`))).code).toBe('expired');
  });

  it('never puts the token in an error message', async () => {
    const token = await issuer.sign({ aud: 'someone-else' });
    const result = await refusal(verifier().verify(`Bearer ${token}`));
    expect(result.message).not.toContain(token);
    expect(result.message).not.toContain(token.split('.')[1]);
  });
});

describe('signing keys', () => {
  it('fetches once, refreshes after the interval, and once (rate-limited) for an unknown kid', async () => {
    let now = Date.now();
    const v = verifier({ now: () => now, refreshIntervalMs: 2 * 3600_000, unknownKeyRefreshMinIntervalMs: 300_000 });
    const start = { ...issuer.counts };
    await v.verify(`Bearer ${await issuer.sign()}`);
    await v.verify(`Bearer ${await issuer.sign()}`);
    expect(issuer.counts.jwks - start.jwks).toBe(1);

    // Unknown kids within the rate limit: the first refresh was just now, so no new fetch.
    await refusal(v.verify(`Bearer ${await issuer.signWithUnpublishedKey()}`));
    expect(issuer.counts.jwks - start.jwks).toBe(1);

    // A rotation: the new kid is unknown; after the minimum interval one refresh picks it up.
    await issuer.rotate();
    now += 301_000;
    await expect(v.verify(`Bearer ${await issuer.sign({ exp: Math.floor(now / 1000) + 3600 })}`)).resolves.toBeDefined();
    expect(issuer.counts.jwks - start.jwks).toBe(2);
    await refusal(v.verify(`Bearer ${await issuer.signWithUnpublishedKey({ exp: Math.floor(now / 1000) + 3600 })}`));
    expect(issuer.counts.jwks - start.jwks).toBe(2);

    now += 2 * 3600_000;
    await v.verify(`Bearer ${await issuer.sign({ exp: Math.floor(now / 1000) + 3600 })}`);
    expect(issuer.counts.jwks - start.jwks).toBe(3);
  });

  it('shares one fetch between concurrent first requests', async () => {
    const v = verifier();
    const before = issuer.counts.jwks;
    const token = `Bearer ${await issuer.sign()}`;
    await Promise.all(Array.from({ length: 20 }, () => v.verify(token)));
    expect(issuer.counts.jwks - before).toBe(1);
  });

  it('answers 503 when no keys can be fetched, and keeps old keys when a refresh fails', async () => {
    issuer.setFailing(true);
    try {
      expect(await refusal(verifier().verify(`Bearer ${await issuer.sign()}`))).toMatchObject({ code: 'keys-unavailable', status: 503 });
    } finally {
      issuer.setFailing(false);
    }
    let now = Date.now();
    const v = verifier({ now: () => now });
    await v.verify(`Bearer ${await issuer.sign()}`);
    issuer.setFailing(true);
    try {
      now += 3 * 3600_000;
      await expect(v.verify(`Bearer ${await issuer.sign({ exp: Math.floor(now / 1000) + 60 })}`)).resolves.toBeDefined();
    } finally {
      issuer.setFailing(false);
    }
  });

  it('caches a failed first fetch with a doubling back-off, and says so', async () => {
    let now = Date.now();
    const v = verifier({ now: () => now, failureBackoffMs: 1000, maxFailureBackoffMs: 4000 });
    const token = `Bearer ${await issuer.sign()}`;
    issuer.setFailing(true);
    try {
      const start = issuer.counts.config;
      const fetches = () => issuer.counts.config - start;
      const first = await refusal(v.verify(token));
      expect(first).toMatchObject({ code: 'keys-unavailable', status: 503 });
      expect(first.message).toMatch(/1 failed attempt\(s\), requests are refused without fetching again for 1000 ms/);
      await refusal(v.verify(token));
      expect(fetches()).toBe(1);
      now += 1000;
      await refusal(v.verify(token));
      expect(fetches()).toBe(2);
      now += 1500;
      await refusal(v.verify(token));
      expect(fetches()).toBe(2);
      now += 500;
      await refusal(v.verify(token));
      expect(fetches()).toBe(3);
      now += 4000;
      issuer.setFailing(false);
      await expect(
        v.verify(`Bearer ${await issuer.sign({ iat: Math.floor(now / 1000), exp: Math.floor(now / 1000) + 600 })}`),
      ).resolves.toBeDefined();
    } finally {
      issuer.setFailing(false);
    }
  });

  it('caches a verified token until it expires (keyed by its exact text)', async () => {
    let now = Date.now();
    const options = { appIds: APP_ID, openIdConfigurationUrl: issuer.openIdConfigurationUrl, now: () => now, refreshIntervalMs: 60_000 };
    const cached = createTokenVerifier(options);
    const uncached = createTokenVerifier({ ...options, cacheVerifiedTokens: false });
    const kid = issuer.currentKid();
    const token = await issuer.sign({}, { expiresIn: '10m' });
    await cached.verify(`Bearer ${token}`);
    await uncached.verify(`Bearer ${token}`);
    // The key is retired and the key sets go stale: only a cached verification still passes.
    await issuer.rotate();
    issuer.retire(kid);
    now += 120_000;
    await expect(cached.verify(`Bearer ${token}`)).resolves.toMatchObject({ tenantId: TENANT });
    expect((await refusal(uncached.verify(`Bearer ${token}`))).code).toBe('unknown-key');
    now += 10 * 60_000;
    expect((await refusal(cached.verify(`Bearer ${token}`))).code).toBe('unknown-key');
  });

  it('resolves the key of a header seen before without skipping any check of the token', async () => {
    let now = Date.now();
    const v = verifier({ now: () => now, refreshIntervalMs: 60_000 });
    const first = await issuer.sign();
    const header = first.split('.')[0];
    await expect(v.verify(`Bearer ${first}`)).resolves.toMatchObject({ tenantId: TENANT });
    // Same header text, so the same key, each refused for what is wrong with it.
    const same = async (claims: Record<string, unknown>, options = {}) => {
      const token = await issuer.sign(claims, options);
      expect(token.split('.')[0]).toBe(header);
      return (await refusal(v.verify(`Bearer ${token}`))).code;
    };
    expect(await same({ aud: 'someone-else' })).toBe('wrong-audience');
    expect(await same({ iss: 'https://example.com' })).toBe('wrong-issuer');
    expect(await same({ exp: Math.floor(now / 1000) - 600 })).toBe('expired');
    expect(await same({ tid: undefined })).toBe('missing-tenant');
    const [, payload, signature] = (await issuer.sign({ tid: 'other' })).split('.');
    const otherSignature = first.split('.')[2];
    expect((await refusal(v.verify(`Bearer ${header}.${payload}.${otherSignature}`))).code).toBe('bad-signature');
    expect(signature).not.toBe(otherSignature);
    // The key id is reused with new key material: once the keys are fetched again, the new key is the one used.
    const kid = issuer.currentKid();
    issuer.retire(kid);
    await issuer.rotate(kid);
    const renewed = await issuer.sign();
    expect(renewed.split('.')[0]).toBe(header);
    expect((await refusal(v.verify(`Bearer ${renewed}`))).code).toBe('bad-signature');
    now += 61_000;
    await expect(v.verify(`Bearer ${renewed}`)).resolves.toMatchObject({ tenantId: TENANT });
    expect((await refusal(v.verify(`Bearer ${first}`))).code).toBe('bad-signature');
  });

  it('checks a signature on the thread pool, once per token it has not verified, never for a cached one', async () => {
    const v = createTokenVerifier({ appIds: APP_ID, openIdConfigurationUrl: issuer.openIdConfigurationUrl });
    const [first, second] = [await issuer.sign({ jti: 'first' }), await issuer.sign({ jti: 'second' })];
    const [header, payload] = first.split('.');
    const forged = `${header}.${payload}.${second.split('.')[2]}`;
    // A signature job is a SIGNREQUEST resource, checked synchronously or not; only one that ran on libuv's
    // thread pool calls back into JavaScript afterwards (`before`). Signing the tokens made some, before this.
    const signJobs = new Set<number>();
    let jobs = 0;
    const hook = createHook({
      init: (id, type) => {
        if (type === 'SIGNREQUEST') signJobs.add(id);
      },
      before: (id) => {
        if (signJobs.delete(id)) jobs += 1;
      },
    }).enable();
    try {
      await v.verify(`Bearer ${first}`);
      expect(jobs).toBe(1);
      // A second token under the same header: its key is known, its signature is checked all the same.
      await v.verify(`Bearer ${second}`);
      expect(jobs).toBe(2);
      await v.verify(`Bearer ${first}`);
      await v.verify(`Bearer ${second}`);
      expect(jobs).toBe(2);
      // A forged signature is checked there too, and refused.
      expect((await refusal(v.verify(`Bearer ${forged}`))).code).toBe('bad-signature');
      expect(jobs).toBe(3);
    } finally {
      hook.disable();
    }
  });

  it('answers verifyCached synchronously for a cached token only, with verify\u2019s refusals', async () => {
    let now = Date.now();
    let allowed = true;
    const v = createTokenVerifier({
      appIds: APP_ID,
      openIdConfigurationUrl: issuer.openIdConfigurationUrl,
      now: () => now,
      allowedTenants: () => allowed,
    });
    const token = `Bearer ${await issuer.sign({}, { expiresIn: '10m' })}`;
    for (const nothing of [undefined, null, '', token]) expect(v.verifyCached?.(nothing)).toBeUndefined();
    const caller = await v.verify(token);
    expect(v.verifyCached?.(token)).toBe(caller);
    // The exact text only: the same token with other whitespace is not a hit.
    expect(v.verifyCached?.(token.replace(' ', '  '))).toBeUndefined();
    allowed = false;
    let thrown: unknown;
    try {
      v.verifyCached?.(token);
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(TokenError);
    expect(thrown).toMatchObject({ code: 'tenant-not-allowed', status: 403 });
    // A refused token leaves the cache: verified afresh once its tenant is allowed again.
    allowed = true;
    expect(v.verifyCached?.(token)).toBeUndefined();
    const again = await v.verify(token);
    expect(v.verifyCached?.(token)).toBe(again);
    // Past its exp it is no longer cached, and verify refuses it.
    now += 11 * 60_000;
    expect(v.verifyCached?.(token)).toBeUndefined();
    expect((await refusal(v.verify(token))).code).toBe('expired');
    // A verifier without a cache has nothing to answer.
    const uncached = verifier();
    const fresh = `Bearer ${await issuer.sign()}`;
    await uncached.verify(fresh);
    expect(uncached.verifyCached?.(fresh)).toBeUndefined();
  });

  it('keeps at most 1000 tokens, dropping the one used longest ago, and never one in use', async () => {
    const v = createTokenVerifier({ appIds: APP_ID, openIdConfigurationUrl: issuer.openIdConfigurationUrl });
    const hot = `Bearer ${await issuer.sign({}, { expiresIn: '10m' })}`;
    await v.verify(hot);
    const others = await Promise.all(Array.from({ length: 1200 }, async (_, i) => `Bearer ${await issuer.sign({ jti: `t${i}` })}`));
    for (const [i, token] of others.entries()) {
      await v.verify(token);
      // The hot token arrives again now and then, as Graph sends one token for an hour.
      if (i % 100 === 99) expect(v.verifyCached?.(hot)).toBeDefined();
    }
    expect(v.verifyCached?.(hot)).toBeDefined();
    const kept = others.filter((token) => v.verifyCached?.(token) !== undefined);
    // The newest 999 besides the hot one; the 201 used longest ago are gone.
    expect(kept).toEqual(others.slice(201));
  });

  it('serves from the cache only the exact text verified, whatever ending a forged token shares with it', async () => {
    const v = createTokenVerifier({ appIds: APP_ID, openIdConfigurationUrl: issuer.openIdConfigurationUrl });
    const token = await issuer.sign({}, { expiresIn: '10m' });
    const caller = await v.verify(`Bearer ${token}`);
    expect(v.verifyCached?.(`Bearer ${token}`)).toBe(caller);
    // Another payload under the cached token's signature: the same ending, so the same cache slot.
    const [h, , sig] = token.split('.');
    const nowSeconds = Math.floor(Date.now() / 1000);
    const claims = { iss: 'https://api.botframework.com', aud: APP_ID, tid: 'evil', exp: nowSeconds + 600, iat: nowSeconds };
    const forged = `Bearer ${h}.${base64url.encode(JSON.stringify(claims))}.${sig}`;
    expect(v.verifyCached?.(forged)).toBeUndefined();
    expect((await refusal(v.verify(forged))).code).toBe('bad-signature');
    // The refusal neither took the slot nor dropped the token verified before.
    expect(v.verifyCached?.(`Bearer ${token}`)).toBe(caller);
    // A header shorter than the key is compared whole, and refused as before.
    expect((await refusal(v.verify('Bearer a.b.c'))).code).toBe('malformed-token');
  });

  it('drops a cached token once the keys are fetched again without its key, and caches no refusal', async () => {
    let now = Date.now();
    const v = createTokenVerifier({
      appIds: APP_ID,
      openIdConfigurationUrl: issuer.openIdConfigurationUrl,
      now: () => now,
      unknownKeyRefreshMinIntervalMs: 1000,
    });
    const kid = issuer.currentKid();
    const token = `Bearer ${await issuer.sign({}, { expiresIn: '30m' })}`;
    await v.verify(token);
    // A rotation alone (the old key still published) keeps the cached token valid.
    await issuer.rotate('rotation-a');
    now += 2000;
    await v.verify(`Bearer ${await issuer.sign({ exp: Math.floor(now / 1000) + 600 })}`);
    await expect(v.verify(token)).resolves.toMatchObject({ tenantId: TENANT });
    // Withdrawn: once another token makes the verifier fetch the keys again, the cached token is refused.
    issuer.retire(kid);
    await issuer.rotate('rotation-b');
    now += 2000;
    await v.verify(`Bearer ${await issuer.sign({ exp: Math.floor(now / 1000) + 600 })}`);
    expect((await refusal(v.verify(token))).code).toBe('unknown-key');
    expect((await refusal(v.verify(token))).code).toBe('unknown-key');
    // A forged token that reuses a cached token's signature is checked, not served from the cache.
    const fresh = await issuer.sign({ exp: Math.floor(now / 1000) + 600 });
    await v.verify(`Bearer ${fresh}`);
    const [h, , sig] = fresh.split('.');
    const forged = `Bearer ${h}.${base64url.encode(JSON.stringify({ iss: 'https://api.botframework.com', aud: APP_ID, tid: 'evil', exp: Math.floor(now / 1000) + 600, iat: Math.floor(now / 1000) }))}.${sig}`;
    expect((await refusal(v.verify(forged))).code).toBe('bad-signature');
  });
});
