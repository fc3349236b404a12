/**
 * The few statistics every suite reports with: the median of a set of measurements (the middle
 * one, or the mean of the middle two), the middle half of a set, and figures rounded for the report.
 */

/** The median of `xs`; `NaN` for none (a figure nothing measured is not 0). */
export function median(xs: readonly number[]): number {
  if (xs.length === 0) return Number.NaN;
  const sorted = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? (sorted[mid] as number) : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
}

/** `x` to one decimal place (µs, ms, KB in the report). */
export const round1 = (x: number): number => Math.round(x * 10) / 10;

/** `x` to three decimal places (ratios). */
export const round3 = (x: number): number => Math.round(x * 1000) / 1000;

/**
 * The middle half of `xs`: its lower and upper quartiles, interpolated between neighbouring
 * measurements as `median` is (for five, the second and fourth smallest), rounded as ratios. A
 * figure that is the median of paired rounds reports it beside the median: how far the rounds of
 * this run disagreed. `NaN` for none.
 */
export function middleHalf(xs: readonly number[]): { readonly low: number; readonly high: number } {
  if (xs.length === 0) return { low: Number.NaN, high: Number.NaN };
  const sorted = [...xs].sort((a, b) => a - b);
  const at = (q: number) => {
    const position = (sorted.length - 1) * q;
    const below = Math.floor(position);
    const lower = sorted[below] as number;
    return lower + ((sorted[Math.min(below + 1, sorted.length - 1)] as number) - lower) * (position - below);
  };
  return { low: round3(at(0.25)), high: round3(at(0.75)) };
}
