import { callbackUrlProblem } from './callbackUrl';
import type { FaultInjector } from './faults';
import type { SigningKey } from './SigningKey';

/** Where callback tokens say they come from. */
export const CALLBACK_ISSUER = 'https://api.botframework.com';

/** One delivery attempt, for the control API and tests. */
export interface DeliveryRecord {
  readonly callId: string;
  readonly url: string;
  readonly body: unknown;
  /** The HTTP status, or why nothing was answered (`refused-url`: the URL broke the callback rule). */
  readonly status: number | 'dropped' | 'network-error' | 'refused-url';
  /** For a network error: what failed (`ECONNRESET`, `TimeoutError`, …). */
  readonly error?: string;
  readonly attempt: number;
  readonly at: number;
}

/** Options of {@link NotificationSender}. */
export interface SenderOptions {
  readonly key: SigningKey;
  readonly faults: FaultInjector;
  /** Attempts per notification when the callback fails (default 3). */
  readonly maxAttempts?: number;
  /** First retry delay; doubles each attempt (default 100 ms). */
  readonly retryDelayMs?: number;
  /** Per-attempt timeout (default 5 s). */
  readonly timeoutMs?: number;
  /** Deliver to callback URLs off loopback too (default false). */
  readonly allowNonLoopbackCallbacks?: boolean;
  /** Delivery attempts kept in `log`, oldest dropped first (default 10,000). */
  readonly maxLog?: number;
}

/**
 * Posts notifications to callback URLs the way Graph does: `Authorization: Bearer <JWT>` signed
 * by the simulator's callback key (issuer Bot Framework, audience the app id, `tid` the tenant),
 * retried a bounded number of times on failure, with the configured faults applied. Without
 * faults, one call's notifications are delivered one after another, in order.
 */
export class NotificationSender {
  private entries: DeliveryRecord[] = [];
  private readonly tokens = new Map<string, { token: string; until: number }>();
  private readonly pending = new Set<Promise<void>>();
  /** The last in-order delivery per call: the next one waits for it. */
  private readonly lanes = new Map<string, Promise<void>>();
  private closed = false;

  constructor(private readonly options: SenderOptions) {}

  /** The most recent delivery attempts, oldest first (at most `maxLog`). */
  get log(): readonly DeliveryRecord[] {
    const max = this.options.maxLog ?? 10_000;
    if (this.entries.length > max) this.entries = this.entries.slice(-max);
    return this.entries;
  }

  private record(entry: DeliveryRecord): void {
    this.entries.push(entry);
    // Trimmed in batches, so a long run keeps a bounded log at an amortised constant cost per entry.
    const max = this.options.maxLog ?? 10_000;
    if (this.entries.length >= 2 * max) this.entries = this.entries.slice(-max);
  }

  /** Names a new call's fault stream (see {@link FaultInjector.streamFor}). */
  streamFor(callbackUri: string): string {
    return this.options.faults.streamFor(callbackUri);
  }

  /** Forgets a call's fault stream once it has ended. */
  forget(stream: string): void {
    this.options.faults.forget(stream);
  }

  /** Queues one notification body for delivery (faults, drawn from the call's `stream`, decide drop / duplicate / delay). */
  send(callId: string, stream: string, url: string, appId: string, tenantId: string, body: unknown): void {
    if (this.closed) return;
    const fate = this.options.faults.forNotification(stream);
    if (fate.drop) {
      this.record({ callId, url, body, status: 'dropped', attempt: 0, at: Date.now() });
      return;
    }
    for (let copy = 0; copy < fate.copies; copy += 1) {
      // By default one call's notifications arrive in order; a delay or reorder fault sends one on its own,
      // so later ones can overtake it (as Graph documents they may).
      const previous = fate.delayMs > 0 ? undefined : this.lanes.get(callId);
      // Each copy and each retry is routed on its own, as a balancer routes every request (a retry reaches
      // a live instance when the first one died).
      const route = () => this.options.faults.targetFor(url, stream);
      const attempt = () => this.deliver(callId, route, appId, tenantId, body, fate.delayMs);
      const delivery: Promise<void> = (previous ? previous.then(attempt) : attempt()).finally(() => {
        this.pending.delete(delivery);
        if (this.lanes.get(callId) === delivery) this.lanes.delete(callId);
      });
      if (fate.delayMs === 0) this.lanes.set(callId, delivery);
      this.pending.add(delivery);
    }
  }

  /** Resolves when every queued delivery has finished (or failed for good). */
  async idle(): Promise<void> {
    while (this.pending.size > 0) await Promise.allSettled([...this.pending]);
  }

  /** Stops sending; deliveries under way finish their current attempt. */
  async close(): Promise<void> {
    this.closed = true;
    await this.idle();
  }

  private async token(appId: string, tenantId: string): Promise<string> {
    const key = `${appId} ${tenantId}`;
    const cached = this.tokens.get(key);
    if (cached && cached.until > Date.now()) return cached.token;
    const token = await this.options.key.sign({ iss: CALLBACK_ISSUER, aud: appId, tid: tenantId, appid: appId }, 3600);
    this.tokens.set(key, { token, until: Date.now() + 50 * 60_000 });
    return token;
  }

  private async deliver(
    callId: string,
    route: () => string,
    appId: string,
    tenantId: string,
    body: unknown,
    delayMs: number,
  ): Promise<void> {
    if (delayMs > 0) await sleep(delayMs);
    const maxAttempts = this.options.maxAttempts ?? 3;
    const text = JSON.stringify(body);
    for (let attempt = 1; attempt <= maxAttempts && !this.closed; attempt += 1) {
      // Each attempt may go to another instance behind the simulated balancer; each target passes the rule.
      const url = route();
      if (callbackUrlProblem(url, this.options.allowNonLoopbackCallbacks ?? false) !== undefined) {
        this.record({ callId, url, body, status: 'refused-url', attempt, at: Date.now() });
        return;
      }
      let status: DeliveryRecord['status'];
      let error: string | undefined;
      try {
        const response = await fetch(url, {
          method: 'POST',
          // Graph does not follow redirects, and following one could lead off loopback.
          redirect: 'manual',
          headers: { 'content-type': 'application/json', authorization: `Bearer ${await this.token(appId, tenantId)}` },
          body: text,
          signal: AbortSignal.timeout(this.options.timeoutMs ?? 5000),
        });
        await response.arrayBuffer().catch(() => undefined);
        status = response.status;
      } catch (failure) {
        status = 'network-error';
        const cause = (failure as { cause?: { code?: unknown } }).cause?.code;
        error = typeof cause === 'string' ? cause : (failure as Error).name;
      }
      this.record({ callId, url, body, status, ...(error !== undefined ? { error } : {}), attempt, at: Date.now() });
      // 2xx is delivered; a redirect or a 4xx other than 408/429 means the bot refused it, and a retry would not help.
      if (typeof status === 'number' && (status < 400 || (status < 500 && status !== 408 && status !== 429))) return;
      if (attempt < maxAttempts) await sleep((this.options.retryDelayMs ?? 100) * 2 ** (attempt - 1));
    }
  }
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms).unref?.());
}
