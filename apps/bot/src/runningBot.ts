import type { CallsClient } from '@graph-calling/transport';
import type { CallStatus } from './callStatus';
import { FOREVER, type CallSnapshot, type FollowedCall } from './followCall';
import { errorMessage } from '@graph-calling/models';

/** Why a running bot could not be read. */
export type RunningBotErrorCode = 'no-answer' | 'not-a-bot';

/** `bot calls` and `--via` could not read a running `bot serve`; exit code 1. */
export class RunningBotError extends Error {
  override readonly name = 'RunningBotError';

  constructor(
    readonly code: RunningBotErrorCode,
    readonly url: string,
    detail: string,
  ) {
    super(
      code === 'no-answer'
        ? `no bot answers at ${url} (${detail}); start one with \`bot serve\` (its admin listener is on BOT_ADMIN_PORT, default 3979)`
        : `not a graph-calling bot at ${url}: GET /status answered ${detail}`,
    );
  }
}

/** A running `bot serve`'s admin routes: their base URL, and the bearer token when they want one (BOT_ADMIN_TOKEN). */
export interface RunningBotAdmin {
  readonly url: string;
  readonly token?: string | undefined;
}

/** Most pages `bot calls` reads (of 500 calls each): a fleet with more calls is listed in part, and says so. */
const MAX_PAGES = 40;

/** The calls a running `bot serve` reports on `GET /status`, page after page (at most 20,000). */
export async function runningBotCalls(admin: RunningBotAdmin, fetchImpl: typeof fetch = fetch): Promise<CallStatus[]> {
  const calls: CallStatus[] = [];
  let cursor: string | undefined;
  for (let page = 0; page < MAX_PAGES; page += 1) {
    const query = new URLSearchParams({ limit: '500', ...(cursor !== undefined ? { cursor } : {}) });
    const body = await readAdmin(admin, `/status?${query.toString()}`, fetchImpl);
    const found = (body as { calls?: unknown } | undefined)?.calls;
    if (!Array.isArray(found) || !found.every(isCallStatus))
      throw new RunningBotError('not-a-bot', admin.url.replace(/\/+$/, ''), `200 JSON without a list of calls at $.calls`);
    calls.push(...found);
    const next = (body as { next?: unknown }).next;
    if (typeof next !== 'string') break;
    cursor = next;
  }
  return calls;
}

/** One call of a running `bot serve` (`GET /status/:id`), or undefined when it does not hold it. */
export async function runningBotCall(admin: RunningBotAdmin, id: string, fetchImpl: typeof fetch = fetch): Promise<CallStatus | undefined> {
  const body = await readAdmin(admin, `/status/${encodeURIComponent(id)}`, fetchImpl, true);
  if (body === undefined) return undefined;
  if (!isCallStatus(body)) throw new RunningBotError('not-a-bot', admin.url.replace(/\/+$/, ''), `200 JSON that is not a call's status`);
  return body;
}

async function readAdmin(admin: RunningBotAdmin, path: string, fetchImpl: typeof fetch, missingIsUndefined = false): Promise<unknown> {
  const base = admin.url.replace(/\/+$/, '');
  let response: Response;
  try {
    response = await fetchImpl(`${base}${path}`, {
      signal: AbortSignal.timeout(5000),
      ...(admin.token !== undefined ? { headers: { authorization: `Bearer ${admin.token}` } } : {}),
    });
  } catch (error) {
    const cause = (error as { cause?: { code?: string } }).cause?.code;
    const timedOut = (error as Error).name === 'TimeoutError';
    throw new RunningBotError('no-answer', base, timedOut ? 'no HTTP answer within 5 s' : (cause ?? errorMessage(error)));
  }
  const type = response.headers.get('content-type') ?? '';
  const body: unknown = type.includes('json') ? await response.json().catch(() => undefined) : undefined;
  const code = (body as { error?: { code?: unknown } } | undefined)?.error?.code;
  if (missingIsUndefined && response.status === 404 && code === 'unknown-call') return undefined;
  if (!response.ok || !type.includes('json'))
    throw new RunningBotError(
      'not-a-bot',
      base,
      `${response.status} ${type || 'without a content type'}${typeof code === 'string' ? ` (${code}${response.status === 401 ? ': set BOT_ADMIN_TOKEN' : ''})` : ''}`,
    );
  return body;
}

function isCallStatus(value: unknown): value is CallStatus {
  const call = value as Partial<CallStatus> | null;
  return (
    typeof call === 'object' &&
    call !== null &&
    typeof call.id === 'string' &&
    typeof call.state === 'string' &&
    typeof call.durationSeconds === 'number' &&
    Array.isArray(call.roster)
  );
}

/**
 * A call whose callbacks go to a running `bot serve` (`--via`): followed by polling its status
 * route, hung up through Graph. Each change seen is reported as a line.
 */
export function callViaRunningBot(
  client: CallsClient,
  admin: RunningBotAdmin,
  id: string,
  report: (change: string) => void,
  pollMs = 200,
): FollowedCall {
  let last: CallStatus | undefined;
  const snapshot = async (): Promise<CallSnapshot> => {
    const call = await runningBotCall(admin, id);
    if (call && call.state !== last?.state) report(`state: ${last?.state ?? '—'} → ${call.state}`);
    if (call && call.roster.length !== (last?.roster.length ?? 0)) report(`roster: ${call.roster.length} participant(s)`);
    if (call) last = call;
    return { state: call?.state, resultInfo: call?.resultInfo };
  };
  return {
    id,
    async waitFor(predicate, timeoutMs) {
      const deadline = timeoutMs === FOREVER ? Number.POSITIVE_INFINITY : Date.now() + timeoutMs;
      for (;;) {
        const seen = await snapshot();
        if (predicate(seen)) return seen;
        if (Date.now() >= deadline)
          throw new Error(`call ${id} did not reach the expected state within ${timeoutMs} ms (now ${seen.state ?? 'unknown to the bot'})`);
        await new Promise((resolve) => setTimeout(resolve, pollMs));
      }
    },
    hangUp: async () => {
      await client.calls.delete(id);
    },
  };
}
