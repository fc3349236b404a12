import { performance } from 'node:perf_hooks';

/** Milliseconds on a clock that never jumps (wall-clock changes do not move lease deadlines). */
export const monotonicNow = (): number => performance.now();
