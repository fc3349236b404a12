import { performance } from 'node:perf_hooks';
import { median, middleHalf, round3 } from './stats';

/** One benchmark's outcome: the subject's throughput as a ratio of the baseline's, same run. */
export interface Comparison {
  readonly ratio: number;
  readonly baseline: { readonly name: string; readonly opsPerSecond: number };
  readonly subject: { readonly name: string; readonly opsPerSecond: number };
  readonly samples: number;
  /**
   * For a ratio that is the median of paired rounds: the middle half of those rounds' ratios
   * (see `middleHalf`), so a report shows how far the rounds of the run disagreed.
   */
  readonly spread?: { readonly low: number; readonly high: number };
  readonly target?: number;
  /** The target is a ceiling, not a floor (growth ratios). */
  readonly lowerIsBetter?: boolean;
  /** Absolute cost of the subject (one run), for benchmarks whose target is a time and memory budget. */
  readonly absolute?: { readonly ms: number; readonly mb: number; readonly msTarget?: number; readonly mbTarget?: number };
  /** Latency of the subject and of the baseline, for HTTP benchmarks (ms); `p99Target` when the issue sets one. */
  readonly latency?: {
    readonly p50: number;
    readonly p99: number;
    readonly baselineP50: number;
    readonly baselineP99: number;
    readonly p99Target?: number;
  };
  /**
   * Server CPU (every thread but the load generator's) per request, in µs, of the subject and of the baseline, and `ratio` =
   * baseline / subject (comparable with `ratio`, and far less sensitive to other processes' load).
   */
  readonly cpu?: { readonly subjectUs: number; readonly baselineUs: number; readonly ratio: number };
  /**
   * The bot's own thread (its event loop) under the subject's load and under the baseline's, same
   * run: CPU ms per second and event-loop delay p99 (ms); `added…` are the differences the benchmark
   * names as its criterion, met when at most `cpuBudgetMsPerS` and `loopDelayBudgetMs`.
   */
  readonly mainThread?: {
    readonly cpuMsPerS: number;
    readonly baselineCpuMsPerS: number;
    readonly loopDelayP99: number;
    readonly baselineLoopDelayP99: number;
    readonly addedCpuMsPerS: number;
    readonly addedLoopDelayP99: number;
    readonly cpuBudgetMsPerS: number;
    readonly loopDelayBudgetMs: number;
  };
}

/**
 * Times `baseline` and `subject` in alternating rounds (so drift and GC hit both alike). Each
 * subject round is paired with the baseline round beside it; the ratio is the median of those
 * paired ratios (subject throughput / baseline throughput: 1 means "as fast as the baseline").
 */
export function compare(
  names: { baseline: string; subject: string },
  baseline: () => unknown,
  subject: () => unknown,
  options: { rounds?: number; minRoundMs?: number; target?: number } = {},
): Comparison {
  const rounds = options.rounds ?? 41;
  const minRoundMs = options.minRoundMs ?? 60;
  for (let i = 0; i < 200; i += 1) {
    baseline();
    subject();
  }
  const iterations = calibrate(subject, minRoundMs);
  const a: number[] = [];
  const b: number[] = [];
  let sink = 0;
  for (let round = 0; round < rounds; round += 1) {
    for (const [fn, out] of (round % 2 === 0
      ? [
          [baseline, a],
          [subject, b],
        ]
      : [
          [subject, b],
          [baseline, a],
        ]) as Array<[() => unknown, number[]]>) {
      const start = performance.now();
      for (let i = 0; i < iterations; i += 1) if (fn() !== undefined) sink += 1;
      out.push((performance.now() - start) / iterations);
    }
  }
  if (sink < 0) console.log(sink);
  const base = median(a);
  const subj = median(b);
  const ratios = a.map((x, i) => x / (b[i] as number));
  return {
    ratio: round3(median(ratios)),
    spread: middleHalf(ratios),
    baseline: { name: names.baseline, opsPerSecond: Math.round(1000 / base) },
    subject: { name: names.subject, opsPerSecond: Math.round(1000 / subj) },
    samples: rounds,
    ...(options.target !== undefined ? { target: options.target } : {}),
  };
}

/**
 * Runs `rounds` rounds of the named loads, each once per round, forward in even rounds and backward
 * in odd ones (so drift and GC hit every load alike). A figure is then the median over the rounds of
 * a load's result against the baseline's of the same round.
 */
export async function alternatingRounds<K extends string, R>(
  rounds: number,
  loads: Readonly<Record<K, () => Promise<R>>>,
): Promise<Array<Record<K, R>>> {
  const names = Object.keys(loads) as K[];
  const out: Array<Record<K, R>> = [];
  for (let round = 0; round < rounds; round += 1) {
    const measured: Partial<Record<K, R>> = {};
    for (const name of round % 2 === 0 ? names : [...names].reverse()) measured[name] = await loads[name]();
    out.push(measured as Record<K, R>);
  }
  return out;
}

function calibrate(fn: () => unknown, minRoundMs: number): number {
  let n = 1;
  for (;;) {
    const start = performance.now();
    for (let i = 0; i < n; i += 1) fn();
    if (performance.now() - start >= minRoundMs || n > 1e7) return n;
    n *= 2;
  }
}
