import type { CallsClient } from '@graph-calling/transport';
import type { CallStatus } from './callStatus';
import { FOREVER, type CallSnapshot, type FollowedCall } from './followCall';

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
        ? `no bot answers at ${url} (${detail}); start one with \`bot serve\` (it listens on BOT_PORT, default 3978)`
        : `not a graph-calling bot at ${url}: GET /status answered ${detail}`,
    );
  }
}

/** The calls a running `bot serve` reports on `GET /status`. */
export async function runningBotCalls(url: string, fetchImpl: typeof fetch = fetch): Promise<CallStatus[]> {
  const base = url.replace(/\/+$/, '');
  let response: Response;
  try {
    response = await fetchImpl(`${base}/status`, { signal: AbortSignal.timeout(5000) });
  } catch (error) {
    const cause = (error as { cause?: { code?: string } }).cause?.code;
    const timedOut = (error as Error).name === 'TimeoutError';
    throw new RunningBotError('no-answer', base, timedOut ? 'no HTTP answer within 5 s' : (cause ?? (error as Error).message));
  }
  const type = response.headers.get('content-type') ?? '';
  if (!response.ok || !type.includes('json'))
    throw new RunningBotError('not-a-bot', base, `${response.status} ${type || 'without a content type'}`);
  const body: unknown = await response.json().catch(() => undefined);
  const calls = (body as { calls?: unknown } | undefined)?.calls;
  if (!Array.isArray(calls) || !calls.every(isCallStatus))
    throw new RunningBotError('not-a-bot', base, `${response.status} JSON without a list of calls at $.calls`);
  return calls;
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
  botUrl: string,
  id: string,
  report: (change: string) => void,
  pollMs = 200,
): FollowedCall {
  let last: CallStatus | undefined;
  const snapshot = async (): Promise<CallSnapshot> => {
    const call = (await runningBotCalls(botUrl)).find((c) => c.id === id);
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
