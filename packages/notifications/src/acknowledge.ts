import type { CommittedCallback } from './createCallbackReceiver';

/** When an adapter answers a callback 202: once its notifications are `stored`, or once it is `received`. */
export type Acknowledge = 'stored' | 'received';

/** How long Graph is asked to wait before retrying a callback the store could not take. */
const RETRY_AFTER_SECONDS = '1';

/**
 * The answer to a committed callback: 202 when everything was stored; otherwise 503 with
 * Retry-After, so the sender retries (what was stored is a no-op the second time).
 */
export function answerCommitted(committed: CommittedCallback): {
  status: 202 | 503;
  headers: Record<string, string>;
  body: { error: { code: 'store-unavailable'; message: string } } | undefined;
} {
  if (committed.complete) return { status: 202, headers: {}, body: undefined };
  return {
    status: 503,
    headers: { 'retry-after': RETRY_AFTER_SECONDS },
    body: { error: { code: 'store-unavailable', message: 'the call store could not save this callback; retry later' } },
  };
}
