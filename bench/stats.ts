/**
 * The few statistics every suite reports with: quantiles of a set of measurements (the median,
 * the middle half, a latency percentile), and figures rounded for the report.
 */

/**
 * The `q` quantile of `xs` (0 ≤ q ≤ 1), interpolated between the two measurements around it: the
 * median is the middle one, or the mean of the middle two. `NaN` for none (a figure nothing
 * measured is not 0).
 */
export function quantile(xs: readonly number[], q: number): number {
  if (xs.length === 0) return Number.NaN;
  const sorted = [...xs].sort((a, b) => a - b);
  const position = (sorted.length - 1) * q;
  const below = Math.floor(position);
  const lower = sorted[below] as number;
  return lower + ((sorted[Math.min(below + 1, sorted.length - 1)] as number) - lower) * (position - below);
}

/** The median of `xs`; `NaN` for none. */
export const median = (xs: readonly number[]): number => quantile(xs, 0.5);

/**
 * The middle half of `xs`: its lower and upper quartiles (for five, the second and fourth
 * smallest), rounded as ratios. A figure that is the median of paired rounds reports it beside
 * the median: how far the rounds of this run disagreed. `NaN` for none.
 */
export function middleHalf(xs: readonly number[]): { readonly low: number; readonly high: number } {
  return { low: round3(quantile(xs, 0.25)), high: round3(quantile(xs, 0.75)) };
}

/** `x` to one decimal place (µs, ms, KB in the report). */
export const round1 = (x: number): number => Math.round(x * 10) / 10;

/** `x` to two decimal places (latencies in ms). */
export const round2 = (x: number): number => Math.round(x * 100) / 100;

/** `x` to three decimal places (ratios). */
export const round3 = (x: number): number => Math.round(x * 1000) / 1000;
