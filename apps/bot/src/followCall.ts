/** What a follower sees of a call: its state and, once it has ended, why. */
export interface CallSnapshot {
  readonly state?: string | undefined;
  readonly resultInfo?: { readonly code?: number; readonly subcode?: number; readonly message?: string | null | undefined } | undefined;
}

/** A placed call as a follower drives it: through this bot's own callbacks, or a running `serve`'s status. */
export interface FollowedCall {
  readonly id: string;
  /** Resolves once `predicate` holds; rejects after `timeoutMs` (use {@link FOREVER} for no limit). */
  waitFor(predicate: (snapshot: CallSnapshot) => boolean, timeoutMs: number): Promise<CallSnapshot>;
  hangUp(): Promise<void>;
}

/** The longest timer Node accepts: a wait with no limit. */
export const FOREVER = 2 ** 31 - 1;

/** The states a command can stop at. */
export const UNTIL_STATES = ['establishing', 'established', 'terminated'] as const;
export type UntilState = (typeof UNTIL_STATES)[number];

/** When a follow ends. */
export interface FollowPlan {
  /** Return once the call reaches this state; `terminated` follows it to its end. */
  readonly until: UntilState;
  /** How long the call may take to reach `until` (or `established`, when a duration is set). */
  readonly timeoutMs: number;
  /** With `until: terminated`: the bot hangs up this long after the call is established (default: it stays up). */
  readonly durationMs: number | undefined;
  /** How long a hang-up may take to show as `terminated`. */
  readonly hangUpTimeoutMs?: number;
  readonly now?: () => number;
}

/** How a follow ended, for the one-line summary. */
export interface FollowOutcome {
  readonly callId: string;
  readonly reached: string;
  /** Milliseconds from placing the call to `established`, when it got there. */
  readonly establishedAfterMs: number | undefined;
  /** How long the call was established, when it has ended. */
  readonly upMs: number | undefined;
  readonly endedBy: 'bot' | 'far side' | undefined;
  readonly resultInfo: CallSnapshot['resultInfo'];
}

/** The call ended before the state a command waited for; exit code 1. */
export class CallEndedError extends Error {
  override readonly name = 'CallEndedError';
  readonly code = 'call-ended';

  constructor(
    readonly callId: string,
    readonly until: string,
    readonly resultInfo: CallSnapshot['resultInfo'],
  ) {
    super(`call ${callId} ended before reaching ${until}${resultInfo ? ` (${describeResult(resultInfo)})` : ''}`);
  }
}

/** `code/subcode message`, as Graph reports why a call ended. */
export function describeResult(resultInfo: NonNullable<CallSnapshot['resultInfo']>): string {
  return `${resultInfo.code ?? '?'}/${resultInfo.subcode ?? '?'}${resultInfo.message ? ` ${resultInfo.message}` : ''}`;
}

const ended = (s: CallSnapshot) => s.state === 'terminated';
const up = (s: CallSnapshot) => s.state === 'established' || ended(s);

/**
 * Follows a placed call to the end the plan names: a state to reach, or the call's end — after a
 * fixed duration the bot hangs up itself, so a one-shot command finishes on its own.
 */
export async function followCall(call: FollowedCall, plan: FollowPlan): Promise<FollowOutcome> {
  const now = plan.now ?? Date.now;
  const started = now();
  const outcome = (s: CallSnapshot, more: Partial<FollowOutcome>): FollowOutcome => ({
    callId: call.id,
    reached: s.state ?? 'unknown',
    establishedAfterMs: undefined,
    upMs: undefined,
    endedBy: ended(s) ? 'far side' : undefined,
    resultInfo: s.resultInfo,
    ...more,
  });
  if (plan.until !== 'terminated') {
    // A call seen first as established has also passed establishing (callbacks may overtake each other).
    const target = (s: CallSnapshot) => s.state === plan.until || up(s);
    const reached = await call.waitFor(target, plan.timeoutMs);
    if (ended(reached)) throw new CallEndedError(call.id, plan.until, reached.resultInfo);
    return outcome(reached, reached.state === 'established' ? { establishedAfterMs: now() - started } : {});
  }
  const first = await call.waitFor(up, plan.durationMs === undefined ? FOREVER : plan.timeoutMs);
  if (ended(first)) return outcome(first, {});
  const establishedAt = now();
  const establishedAfterMs = establishedAt - started;
  let byBot = false;
  const last = await new Promise<CallSnapshot>((resolve, reject) => {
    const timer =
      plan.durationMs === undefined
        ? undefined
        : setTimeout(() => {
            byBot = true;
            call
              .hangUp()
              .then(() => call.waitFor(ended, plan.hangUpTimeoutMs ?? 10_000))
              .then(resolve, reject);
          }, plan.durationMs);
    call.waitFor(ended, FOREVER).then((s) => {
      clearTimeout(timer);
      resolve(s);
    }, reject);
  });
  return outcome(last, { establishedAfterMs, upMs: now() - establishedAt, endedBy: byBot ? 'bot' : 'far side' });
}

/** The one-line summary a command ends with. */
export function summarize(outcome: FollowOutcome, detached: boolean): string {
  const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
  const established = outcome.establishedAfterMs === undefined ? undefined : `established in ${seconds(outcome.establishedAfterMs)}`;
  const why = outcome.resultInfo ? ` (${describeResult(outcome.resultInfo)})` : '';
  if (outcome.reached !== 'terminated') {
    const head = `summary: call ${outcome.callId} ${established ?? `reached ${outcome.reached}`}`;
    return detached
      ? `${head}; left up (--detach): hang it up with \`bot hangup ${outcome.callId}\``
      : `${head}; the bot hangs up as it exits`;
  }
  if (!established) return `summary: call ${outcome.callId} ended before it was established${why}`;
  return `summary: call ${outcome.callId} ${established}, up ${seconds(outcome.upMs ?? 0)}, hung up by the ${outcome.endedBy === 'bot' ? 'bot' : 'far side'}${why}`;
}
