import { createLocalJWKSet, type JSONWebKeySet, type JWTVerifyGetKey } from 'jose';
import { TokenError } from './TokenError';

/** Where the calling service publishes its signing keys. */
export const DEFAULT_OPENID_CONFIGURATION_URL = 'https://api.aps.skype.com/v1/.well-known/OpenIdConfiguration';

/** Options of {@link OpenIdKeys}. */
export interface OpenIdKeysOptions {
  readonly openIdConfigurationUrl?: string;
  /** Keys are fetched again after this long (default 2 h). */
  readonly refreshIntervalMs?: number;
  /** A token signed with an unknown `kid` triggers one refresh, at most this often (default 5 min). */
  readonly unknownKeyRefreshMinIntervalMs?: number;
  /**
   * After a failed first fetch, requests are refused without fetching again for this long (default
   * 1 s), doubling after each further failure up to {@link OpenIdKeysOptions.maxFailureBackoffMs}.
   */
  readonly failureBackoffMs?: number;
  /** Ceiling of the failure back-off (default 60 s). */
  readonly maxFailureBackoffMs?: number;
  /** Give up on the key endpoints after this long (default 10 s). */
  readonly timeoutMs?: number;
  /** Defaults to the global fetch. */
  readonly fetch?: typeof fetch;
  /** Defaults to Date.now. */
  readonly now?: () => number;
}

/**
 * The signing keys named by an OpenID configuration: fetched on first use, refreshed on an
 * interval, and refreshed once (rate-limited) when a token names a key we do not have — which
 * is how key rotation shows up. Concurrent requests share one fetch.
 */
export class OpenIdKeys {
  private keys: JWTVerifyGetKey | undefined;
  private keyIds = new Set<string>();
  /**
   * How many times keys were loaded: a token verified under an earlier version is accepted again
   * without verification only while its `kid` is still published.
   * @internal
   */
  version = 0;
  private fetchedAt = Number.NEGATIVE_INFINITY;
  private inFlight: Promise<void> | undefined;
  /** The last failure while no keys were held: answered from here until `retryAt` (negative caching). */
  private failure: { error: unknown; retryAt: number; failures: number } | undefined;
  private readonly failureBackoffMs: number;
  private readonly maxFailureBackoffMs: number;
  private readonly url: string;
  private readonly refreshIntervalMs: number;
  private readonly unknownKeyRefreshMinIntervalMs: number;
  private readonly timeoutMs: number;
  private readonly fetchImpl: typeof fetch;
  private readonly now: () => number;

  constructor(options: OpenIdKeysOptions = {}) {
    this.url = options.openIdConfigurationUrl ?? DEFAULT_OPENID_CONFIGURATION_URL;
    this.refreshIntervalMs = options.refreshIntervalMs ?? 2 * 60 * 60 * 1000;
    this.unknownKeyRefreshMinIntervalMs = options.unknownKeyRefreshMinIntervalMs ?? 5 * 60 * 1000;
    this.timeoutMs = options.timeoutMs ?? 10_000;
    this.failureBackoffMs = options.failureBackoffMs ?? 1000;
    this.maxFailureBackoffMs = options.maxFailureBackoffMs ?? 60_000;
    this.fetchImpl = options.fetch ?? fetch;
    this.now = options.now ?? Date.now;
  }

  /**
   * A key resolver for `jwtVerify`, refreshing first if the keys are stale or the `kid` is new.
   * @internal The verifier's: left out of the published declarations, which must not import jose.
   */
  async resolverFor(kid: string | undefined): Promise<JWTVerifyGetKey> {
    if (this.keys === undefined && this.failure !== undefined && this.now() < this.failure.retryAt) throw this.cachedFailure(this.failure);
    if (this.keys === undefined || this.due(kid)) await this.refresh();
    return this.keys as JWTVerifyGetKey;
  }

  /**
   * Whether {@link resolverFor} would answer with the keys held now, without fetching: keys are held,
   * and neither the refresh interval nor (for a `kid` not among them) the unknown-key refresh is due.
   * @internal
   */
  current(kid: string | undefined): boolean {
    return this.keys !== undefined && !this.due(kid);
  }

  private due(kid: string | undefined): boolean {
    const age = this.now() - this.fetchedAt;
    const unknown = kid !== undefined && !this.keyIds.has(kid);
    return age >= this.refreshIntervalMs || (unknown && age >= this.unknownKeyRefreshMinIntervalMs);
  }

  /**
   * Whether the keys last loaded include `kid`: a cached verification stands only while they do.
   * @internal
   */
  publishes(kid: string): boolean {
    return this.keyIds.has(kid);
  }

  /** Fetches the configuration and its JWKS now (shared by concurrent callers). */
  refresh(): Promise<void> {
    this.inFlight ??= this.load().finally(() => {
      this.inFlight = undefined;
    });
    return this.inFlight;
  }

  private async load(): Promise<void> {
    try {
      const config = await this.getJson(this.url);
      const jwksUri = (config as { jwks_uri?: unknown } | null)?.jwks_uri;
      if (typeof jwksUri !== 'string') throw new Error(`expected jwks_uri in the OpenID configuration at ${this.url}, found none`);
      const jwks = (await this.getJson(jwksUri)) as JSONWebKeySet | null;
      if (!Array.isArray(jwks?.keys)) throw new Error(`expected {"keys": […]} at ${jwksUri}`);
      this.keys = createLocalJWKSet(jwks);
      this.keyIds = new Set(jwks.keys.map((k) => k.kid).filter((k): k is string => typeof k === 'string'));
      this.version += 1;
      this.fetchedAt = this.now();
      this.failure = undefined;
    } catch (error) {
      if (this.keys === undefined) {
        // Without negative caching every request would start a fetch: a key server that is down
        // would turn each forged request into an outbound request of ours.
        const failures = (this.failure?.failures ?? 0) + 1;
        const backoff = Math.min(this.failureBackoffMs * 2 ** (failures - 1), this.maxFailureBackoffMs);
        const failure = { error, retryAt: this.now() + backoff, failures };
        this.failure = failure;
        throw this.cachedFailure(failure);
      }
      // Keep the keys we have (a flaky key endpoint must not lock out valid callbacks) and try
      // again once the unknown-key interval has passed.
      this.fetchedAt = this.now() - this.refreshIntervalMs + this.unknownKeyRefreshMinIntervalMs;
    }
  }

  private cachedFailure(failure: NonNullable<OpenIdKeys['failure']>): TokenError {
    const reason = failure.error instanceof Error ? failure.error.message : String(failure.error);
    const waitMs = Math.max(0, failure.retryAt - this.now());
    return new TokenError(
      'keys-unavailable',
      `could not load signing keys from ${this.url} (${reason}); ${failure.failures} failed attempt(s), ` +
        `requests are refused without fetching again for ${waitMs} ms`,
      { cause: failure.error, retryAfterMs: waitMs },
    );
  }

  private async getJson(url: string): Promise<unknown> {
    const response = await this.fetchImpl(url, { signal: AbortSignal.timeout(this.timeoutMs), headers: { accept: 'application/json' } });
    if (!response.ok) throw new Error(`HTTP ${response.status} from ${url}`);
    return response.json();
  }
}
