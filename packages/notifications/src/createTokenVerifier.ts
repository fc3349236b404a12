import { KeyObject, verify as verifySignature, type webcrypto } from 'node:crypto';
import { types } from 'node:util';
import { base64url, decodeProtectedHeader, errors, UnsecuredJWT, type JWTPayload } from 'jose';
import { OpenIdKeys, type OpenIdKeysOptions } from './OpenIdKeys';
import { TokenError } from './TokenError';

/** Issuers of calling callbacks. */
export const DEFAULT_ISSUERS = ['https://api.botframework.com', 'https://graph.microsoft.com'];
const ALGORITHMS = ['RS256', 'RS384', 'RS512'];
/** The digest of each allowed algorithm (all RSASSA-PKCS1-v1_5). */
const DIGESTS: Readonly<Record<string, string>> = { RS256: 'sha256', RS384: 'sha384', RS512: 'sha512' };
/** The header under which jose reads a verified payload's claims (see `verifyToken`). */
const CLAIMS_ONLY_HEADER = base64url.encode('{"alg":"none"}');

/** Options of {@link createTokenVerifier}. */
export interface TokenVerifierOptions extends OpenIdKeysOptions {
  /** The bot's app id(s): the token's audience. */
  readonly appIds: string | readonly string[];
  /** Accepted issuers; a trailing slash is tolerated. Default: Bot Framework and Graph. */
  readonly issuers?: readonly string[];
  /** Seconds of clock skew tolerated on `exp` and `nbf` (default 60). */
  readonly clockToleranceSeconds?: number;
  /** Tenants whose callbacks are accepted; omit to accept any tenant. */
  readonly allowedTenants?: readonly string[] | ((tenantId: string) => boolean);
  /**
   * Longest token lifetime accepted, in seconds (default 24 h): from `iat` or `nbf` (the earlier),
   * or from now when both lie in the future, to `exp`. A bearer token that lives longer is refused.
   */
  readonly maxLifetimeSeconds?: number;
  /**
   * Keep verified tokens (keyed by their exact text, at most 1000, least recently used dropped first)
   * until they expire or the keys are fetched again without theirs; default true. Refusals are never kept.
   */
  readonly cacheVerifiedTokens?: boolean;
}

/**
 * The claims of a verified token. Our own type (not jose's `JWTPayload`, which has the same
 * shape) so that the declarations of this package never import jose, an ESM-only package that
 * CommonJS consumers' type checkers cannot load.
 */
export interface TokenClaims {
  readonly iss?: string;
  readonly sub?: string;
  readonly aud?: string | readonly string[];
  readonly exp?: number;
  readonly nbf?: number;
  readonly iat?: number;
  readonly jti?: string;
  readonly [claim: string]: unknown;
}

/** What a verified token says about the caller. */
export interface VerifiedCaller {
  readonly tenantId: string;
  readonly appId: string;
  readonly issuer: string;
  readonly claims: TokenClaims;
}

/** Verifies the `Authorization` header of a callback. */
export interface TokenVerifier {
  verify(authorization: string | undefined | null): Promise<VerifiedCaller>;
  /**
   * Optional: the caller of a token `verify` accepted before and would accept again now without any
   * work (its cache), answered synchronously; `undefined` when `verify` has to run. Throws the
   * {@link TokenError} `verify` would throw for such a token (its tenant no longer allowed).
   */
  verifyCached?(authorization: string | undefined | null): VerifiedCaller | undefined;
}

const BEARER = /^Bearer[ \t]+([A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*)[ \t]*$/i;
const MAX_CACHED = 1000;
/** Characters at the end of a header that key the token cache: the last 258 bits of its signature. */
const CACHE_KEY_LENGTH = 43;

/**
 * The token cache's key for a header: its last characters, the end of the signature. Hashing the whole
 * header (~800 characters, a new string on every request) for a Map lookup cost more than the rest of
 * a cached verification; a hit is then checked against the whole header text, so two tokens sharing an
 * ending only share a slot (the later verified one replaces the other), never a verification.
 */
function cacheKey(authorization: string): string {
  return authorization.length <= CACHE_KEY_LENGTH ? authorization : authorization.slice(-CACHE_KEY_LENGTH);
}
/** Default of {@link TokenVerifierOptions.maxLifetimeSeconds}: Graph's callback tokens live about an hour. */
export const DEFAULT_MAX_TOKEN_LIFETIME_SECONDS = 24 * 60 * 60;

/** A verified token kept for its next arrival: until its `exp`, and only while its key is still published. */
interface CachedCaller {
  /** The exact Authorization header text it was verified from (a hit must equal it, not only its {@link cacheKey}). */
  readonly authorization: string;
  readonly caller: VerifiedCaller;
  readonly until: number;
  readonly kid: string | undefined;
  /** {@link OpenIdKeys.version} when it was verified. */
  readonly keys: number;
  /** The verifier's insert count when it was last put at the most recently used end (see `cached`). */
  inserted: number;
}

/** A verified token's caller and the key id it was signed with. */
interface Verified {
  readonly caller: VerifiedCaller;
  readonly kid: string | undefined;
}

/** The key a protected header resolved to, under the keys of `version`. */
interface SigningKey {
  readonly version: number;
  readonly kid: string | undefined;
  readonly alg: string;
  readonly key: KeyObject;
}

/** Protected headers whose signing key is kept (a handful in practice: one per published key). */
const MAX_SIGNING_HEADERS = 64;

/** Node's KeyObject of each CryptoKey jose imported: Node verifies the signature with it (see {@link signatureValid}). */
const keyObjects = new WeakMap<webcrypto.CryptoKey, KeyObject>();

/** The RSA public key jose resolved, as a KeyObject; refused as jose refuses it when it is shorter than 2048 bits. */
function rsaKeyOf(key: unknown, alg: string): KeyObject {
  let found: KeyObject | undefined;
  if (types.isKeyObject(key)) found = key;
  else if (types.isCryptoKey(key)) {
    found = keyObjects.get(key);
    if (found === undefined) {
      found = KeyObject.from(key);
      keyObjects.set(key, found);
    }
  }
  if (found === undefined || found.type !== 'public' || found.asymmetricKeyType !== 'rsa')
    throw new TypeError(`${alg} requires an RSA public key`);
  const bits = found.asymmetricKeyDetails?.modulusLength;
  if (typeof bits !== 'number' || bits < 2048) throw new TypeError(`${alg} requires key modulusLength to be 2048 bits or larger`);
  return found;
}

/**
 * Verifies callback tokens as Graph signs them: RS256-family signature from the OpenID
 * configuration's keys, issuer, audience = app id, lifetime with a small skew, and a `tid`
 * claim (optionally from an allowed tenant). Every failure is a {@link TokenError} with its
 * own code; nothing here logs or returns the token.
 */
export function createTokenVerifier(options: TokenVerifierOptions): TokenVerifier {
  const appIds = (typeof options.appIds === 'string' ? [options.appIds] : [...options.appIds]).filter((a) => a !== '');
  if (appIds.length === 0) throw new TypeError('createTokenVerifier: appIds must name at least one app id');
  const maxLifetime = options.maxLifetimeSeconds ?? DEFAULT_MAX_TOKEN_LIFETIME_SECONDS;
  if (!(maxLifetime > 0)) throw new TypeError('createTokenVerifier: maxLifetimeSeconds must be a positive number of seconds');
  const allowed = options.allowedTenants;
  return new CallbackTokenVerifier({
    appIds,
    issuers: (options.issuers ?? DEFAULT_ISSUERS).flatMap((i) => {
      const bare = i.replace(/\/+$/, '');
      return [bare, `${bare}/`];
    }),
    keys: new OpenIdKeys(options),
    now: options.now ?? Date.now,
    tolerance: options.clockToleranceSeconds ?? 60,
    maxLifetime,
    isAllowed:
      allowed === undefined
        ? () => true
        : typeof allowed === 'function'
          ? allowed
          : (t: string) => allowed.some((a) => a.toLowerCase() === t.toLowerCase()),
    cache: options.cacheVerifiedTokens !== false,
  });
}

/** What {@link createTokenVerifier} settled from its options. */
interface VerifierSettings {
  readonly appIds: string[];
  /** Each issuer with and without its trailing slash. */
  readonly issuers: string[];
  readonly keys: OpenIdKeys;
  readonly now: () => number;
  readonly tolerance: number;
  readonly maxLifetime: number;
  readonly isAllowed: (tenantId: string) => boolean;
  readonly cache: boolean;
}

/** The verifier {@link createTokenVerifier} makes. */
class CallbackTokenVerifier implements TokenVerifier {
  // Keyed by the end of the header text (see cacheKey), in least-recently-used order (a Map iterates in insertion order).
  private readonly cache: Map<string, CachedCaller> | undefined;
  /**
   * The signing key each protected header (its exact encoded text) resolved to, under the keys of
   * {@link OpenIdKeys.version}: a token whose header was seen before is verified without decoding the
   * header or resolving the key again (Graph signs every token of a key with the same header). Bounded;
   * only headers that passed every check and resolved to a usable key are kept.
   */
  private readonly signingKeys = new Map<string, SigningKey>();
  /** Entries put at the most recently used end of {@link cache} so far. */
  private inserts = 0;

  constructor(private readonly settings: VerifierSettings) {
    this.cache = settings.cache ? new Map<string, CachedCaller>() : undefined;
  }

  verifyCached(authorization: string | null | undefined): VerifiedCaller | undefined {
    return authorization === undefined || authorization === null || authorization === '' ? undefined : this.cached(authorization);
  }

  async verify(authorization: string | null | undefined): Promise<VerifiedCaller> {
    if (authorization === undefined || authorization === null || authorization === '') {
      throw new TokenError('missing-authorization', 'expected an Authorization: Bearer <token> header, found none');
    }
    const hit = this.cached(authorization);
    if (hit !== undefined) return hit;
    const match = BEARER.exec(authorization);
    if (!match)
      throw new TokenError('malformed-token', 'expected Authorization: Bearer <JWT>, found another scheme or a value that is not a JWT');
    const version = this.settings.keys.version;
    const { caller, kid } = await this.verifyToken(match[1] as string);
    const cache = this.cache;
    if (cache !== undefined && typeof caller.claims.exp === 'number') {
      // The least recently used token goes first (a hit moves its token to the end).
      const key = cacheKey(authorization);
      // A token with the same ending takes its slot (delete first: the slot moves to the most recently used end).
      cache.delete(key);
      if (cache.size >= MAX_CACHED) cache.delete(cache.keys().next().value as string);
      cache.set(key, { authorization, caller, until: caller.claims.exp * 1000, kid, keys: version, inserted: ++this.inserts });
    }
    return caller;
  }

  private verifyToken(token: string): Promise<Verified> {
    const [encodedHeader, encodedPayload, signature] = token.split('.') as [string, string, string];
    const known = this.signingKeys.get(encodedHeader);
    const keys = this.settings.keys;
    // The same header text decodes to the same header, and while the keys are the same and need no refresh,
    // resolves to the same key: everything before the signature check would come out the same.
    if (known !== undefined && known.version === keys.version && keys.current(known.kid))
      return this.checked(known, encodedHeader, encodedPayload, signature);
    return this.verifyAfresh(encodedHeader, encodedPayload, signature);
  }

  private async verifyAfresh(encodedHeader: string, encodedPayload: string, signature: string): Promise<Verified> {
    const { keys, appIds, issuers } = this.settings;
    const header = acceptedHeader(`${encodedHeader}.${encodedPayload}.${signature}`);
    const { kid, alg } = header;
    const resolver = await keys.resolverFor(kid);
    // The version of the keys this resolver holds (a refresh later moves it on, and the key is resolved again).
    const version = keys.version;
    let signingKey: SigningKey;
    try {
      // jose picks the key (kid, kty, alg, use) and imports it; Node checks the signature with it.
      const key = rsaKeyOf(await resolver({ ...header, alg }, { protected: encodedHeader, payload: encodedPayload, signature }), alg);
      signingKey = { version, kid, alg, key };
    } catch (error) {
      throw toTokenError(error, kid, appIds, issuers);
    }
    const verified = await this.checked(signingKey, encodedHeader, encodedPayload, signature);
    if (this.signingKeys.size >= MAX_SIGNING_HEADERS) this.signingKeys.delete(this.signingKeys.keys().next().value as string);
    this.signingKeys.set(encodedHeader, signingKey);
    return verified;
  }

  /** Checks the signature with the resolved key, then the claims (with jose) and what Graph's tokens must carry. */
  private async checked(signingKey: SigningKey, encodedHeader: string, encodedPayload: string, signature: string): Promise<Verified> {
    const { appIds, issuers, tolerance, now, maxLifetime, isAllowed } = this.settings;
    const { kid, alg, key } = signingKey;
    let payload: JWTPayload;
    try {
      if (!(await signatureValid(alg, Buffer.from(`${encodedHeader}.${encodedPayload}`, 'latin1'), key, signature)))
        throw new errors.JWSSignatureVerificationFailed();
      // The claims of the payload just verified, checked by jose exactly as jwtVerify checks them.
      ({ payload } = UnsecuredJWT.decode(`${CLAIMS_ONLY_HEADER}.${encodedPayload}.`, {
        issuer: issuers,
        audience: appIds,
        clockTolerance: tolerance,
        currentDate: new Date(now()),
      }));
    } catch (error) {
      throw toTokenError(error, kid, appIds, issuers);
    }
    checkLifetime(payload, Math.floor(now() / 1000), maxLifetime);
    return { caller: callerOf(payload, appIds, isAllowed), kid };
  }

  /** The cached caller of `authorization`, moved to the most recently used end; `undefined` when not cached or stale. */
  private cached(authorization: string): VerifiedCaller | undefined {
    // A hit is the exact header text verified before, so it needs no parsing at all. Only
    // verified tokens are kept; a refusal is never cached, so a forged token is always checked.
    const cache = this.cache;
    if (cache === undefined) return undefined;
    const key = cacheKey(authorization);
    const hit = cache.get(key);
    // Another token with the same ending is a miss: verified in full (and, if valid, cached in its place).
    if (hit === undefined || hit.authorization !== authorization) return undefined;
    const { now, keys, isAllowed } = this.settings;
    // Expired, or the keys were fetched again without its key (withdrawn): verified afresh, and refused.
    if (!(now() < hit.until && (hit.keys === keys.version || (hit.kid !== undefined && keys.publishes(hit.kid))))) {
      cache.delete(key);
      return undefined;
    }
    if (!isAllowed(hit.caller.tenantId)) {
      cache.delete(key);
      throw new TokenError('tenant-not-allowed', `expected a callback from an allowed tenant, found tenant ${hit.caller.tenantId}`);
    }
    // Moved to the most recently used end only once it is in the older half: an entry in the newer half
    // outlives at least MAX_CACHED / 2 inserts anyway. A token arriving again and again (Graph reuses one
    // for about an hour) then costs no delete and insert on every callback, and none of the table
    // reallocations that churn brings.
    if (this.inserts - hit.inserted >= MAX_CACHED / 2) {
      cache.delete(key);
      hit.inserted = ++this.inserts;
      cache.set(key, hit);
    }
    return hit.caller;
  }
}

/**
 * Whether `signature` (base64url) signs `input` under `key` with `alg`, checked by Node on libuv's
 * thread pool (`crypto.verify` with a callback), not on the event loop. An RSA-2048 check costs
 * about 31 µs of CPU; on the event loop it held up every other request for that long. Measured
 * with 50 connections each sending a token never seen before (`pnpm bench -- notifications`
 * setup, 2 cores shared with the load generator): 7,000–7,800 requests/s and 125–140 µs of
 * event-loop CPU per request checked synchronously, 10,500 and 72–76 µs here. A cached token
 * never comes here. The checks in flight are bounded by the open connections (one request each).
 */
function signatureValid(alg: string, input: Buffer, key: KeyObject, signature: string): Promise<boolean> {
  return new Promise((resolve, reject) =>
    verifySignature(DIGESTS[alg], input, key, Buffer.from(signature, 'base64url'), (error, valid) =>
      error === null ? resolve(valid) : reject(error),
    ),
  );
}

/**
 * The protected header of `token` when it is one this verifier accepts: it decodes, names an algorithm of
 * {@link ALGORITHMS}, and carries no critical extension. Anything else is a {@link TokenError}.
 */
function acceptedHeader(token: string): ReturnType<typeof decodeProtectedHeader> & { readonly alg: string } {
  let header: ReturnType<typeof decodeProtectedHeader>;
  try {
    header = decodeProtectedHeader(token);
  } catch {
    throw new TokenError('malformed-token', 'expected a JWT (header.payload.signature), found a value whose header does not decode');
  }
  const alg = header.alg;
  if (typeof alg !== 'string' || !ALGORITHMS.includes(alg))
    throw new TokenError(
      'unsupported-algorithm',
      `expected a token signed with ${ALGORITHMS.join(', ')}, found alg ${JSON.stringify(alg)}`,
    );
  // jose would refuse any critical extension it was not told about (and `b64: false` in a JWT); Graph sends none.
  if (header.crit !== undefined) throw new TokenError('malformed-token', 'expected a JWT without critical header extensions (crit)');
  return { ...header, alg };
}

/** The caller a verified token's claims name: its tenant (present, and allowed) and the app id it was issued for. */
function callerOf(payload: JWTPayload, appIds: readonly string[], isAllowed: (tenantId: string) => boolean): VerifiedCaller {
  const tenantId = payload['tid'];
  if (typeof tenantId !== 'string' || tenantId === '')
    throw new TokenError('missing-tenant', 'expected a tid (tenant id) claim in the token, found none');
  if (!isAllowed(tenantId))
    throw new TokenError('tenant-not-allowed', `expected a callback from an allowed tenant, found tenant ${tenantId}`);
  const aud = Array.isArray(payload.aud) ? payload.aud.find((a) => appIds.includes(a)) : payload.aud;
  return { tenantId, appId: aud ?? '', issuer: payload.iss ?? '', claims: payload };
}

/**
 * jose checks `exp` and `nbf` only when present: a token without them would never die. Graph's
 * tokens carry `exp`, `iat` and `nbf`, so their absence or an over-long span is refused.
 */
function checkLifetime(payload: JWTPayload, nowSeconds: number, maxLifetime: number): void {
  const { exp, iat, nbf } = payload;
  if (typeof exp !== 'number') throw new TokenError('missing-expiry', 'expected an exp (expiry) claim in the token, found none');
  const starts = [iat, nbf].filter((t): t is number => typeof t === 'number');
  if (starts.length === 0)
    throw new TokenError('missing-issued-at', 'expected an iat (issued at) or nbf (not before) claim in the token, found neither');
  // A start in the future would stretch the span actually usable from now, so now counts as the start then.
  const lifetime = exp - Math.min(...starts, nowSeconds);
  if (lifetime > maxLifetime)
    throw new TokenError(
      'lifetime-too-long',
      `expected a token living at most ${maxLifetime} s, found one living ${lifetime} s (exp − min(iat, nbf, now))`,
    );
}

function toTokenError(error: unknown, kid: string | undefined, appIds: readonly string[], issuers: readonly string[]): TokenError {
  if (error instanceof TokenError) return error;
  const cause = { cause: error };
  if (error instanceof errors.JWTExpired) return new TokenError('expired', 'expected an unexpired token, found one past its exp', cause);
  if (error instanceof errors.JWTClaimValidationFailed) {
    if (error.claim === 'iss')
      return new TokenError(
        'wrong-issuer',
        `expected issuer ${issuers.filter((_, i) => i % 2 === 0).join(' or ')}, found ${JSON.stringify(error.payload.iss)}`,
        cause,
      );
    if (error.claim === 'aud')
      return new TokenError(
        'wrong-audience',
        `expected audience ${appIds.join(' or ')}, found ${JSON.stringify(error.payload.aud)}`,
        cause,
      );
    if (error.claim === 'nbf')
      return new TokenError('not-yet-valid', 'expected a token already valid, found one whose nbf is in the future', cause);
    return new TokenError('malformed-token', `expected a valid ${error.claim} claim: ${error.reason}`, cause);
  }
  if (error instanceof errors.JWKSNoMatchingKey)
    return new TokenError('unknown-key', `expected a token signed by a published key, found kid ${JSON.stringify(kid)}`, cause);
  if (error instanceof errors.JWSSignatureVerificationFailed)
    return new TokenError('bad-signature', 'expected a valid signature, found one that does not verify with the published key', cause);
  if (error instanceof errors.JOSEAlgNotAllowed)
    return new TokenError('unsupported-algorithm', 'expected an RS256-family algorithm', cause);
  return new TokenError('malformed-token', `expected a well-formed JWT: ${error instanceof Error ? error.message : String(error)}`, cause);
}
