/**
 * The few statistics every suite reports with: the median of a set of measurements (the middle
 * one, or the mean of the middle two), and figures rounded for the report.
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
