/**
 * How far along its life a call is. A state update is applied only if it moves the call
 * forward — a late `establishing` after `established` changes nothing — except among the active
 * states, which may alternate (established ⇄ hold), and only `terminated` is final.
 */
const PHASE: Readonly<Record<string, number>> = {
  incoming: 1,
  establishing: 2,
  ringing: 3,
  established: 10,
  hold: 10,
  transferring: 10,
  transferAccepted: 10,
  redirecting: 10,
  terminating: 20,
  terminated: 30,
};

/** Unknown future states are treated as active ones. */
export function phaseOf(state: string | undefined): number {
  return state === undefined ? 0 : (PHASE[state] ?? 10);
}

/** Whether `next` should replace `current`. */
export function advances(current: string | undefined, next: string): boolean {
  if (current === next) return false;
  const from = phaseOf(current);
  const to = phaseOf(next);
  return to > from || (to === 10 && from === 10);
}
