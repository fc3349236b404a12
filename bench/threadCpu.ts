import { readdirSync, readFileSync } from 'node:fs';

/**
 * CPU time of this process's threads, one by one, from Linux's /proc (each thread's `stat`): the bench
 * runs its load generators in worker threads of the process it measures, so the process-wide
 * `process.cpuUsage` would count them with the servers. `undefined` where /proc is not there.
 */

/** Clock ticks per second of /proc's CPU times (USER_HZ: 100 on Linux). */
const TICKS_PER_SECOND = 100;

/** CPU used so far by thread `tid` of this process (user + system), in µs; `undefined` when it cannot be read. */
export function threadCpuUs(tid: number | string): number | undefined {
  let stat: string;
  try {
    stat = readFileSync(`/proc/self/task/${tid}/stat`, 'utf8');
  } catch {
    return undefined;
  }
  // Fields after the parenthesised command name: state is field 3, utime 14 and stime 15.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return ((Number(fields[11]) + Number(fields[12])) * 1e6) / TICKS_PER_SECOND;
}

/** CPU used so far by this process's main thread (its event loop), in µs; `undefined` off Linux. */
export function mainThreadCpuUs(): number | undefined {
  return threadCpuUs(process.pid);
}

/** CPU used so far by each thread of this process, in µs, by thread id; `undefined` off Linux. */
export function threadsCpuUs(): Map<string, number> | undefined {
  let tids: string[];
  try {
    tids = readdirSync('/proc/self/task');
  } catch {
    return undefined;
  }
  const threads = new Map<string, number>();
  for (const tid of tids) {
    const used = threadCpuUs(tid);
    // A thread that ended since the listing is left out.
    if (used !== undefined) threads.set(tid, used);
  }
  return threads;
}
