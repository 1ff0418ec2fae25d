/**
 * Ratios measured over alternating rounds: on a shared machine one run says
 * little, so each figure is the median of several rounds, with its spread.
 */

/** Rounds per figure; `BENCH_ROUNDS` overrides. */
export const ROUNDS = Math.max(1, Number(process.env.BENCH_ROUNDS ?? 5) || 5);

/** The median of some numbers (the mean of the middle two for an even count). */
export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

/**
 * `0.71 (0.66–0.74 over 5 rounds)`: the median, and the lowest and highest.
 * @param values one figure per round
 */
export function withSpread(values: readonly number[]): string {
  const low = Math.min(...values);
  const high = Math.max(...values);
  return `${median(values).toFixed(2)} (${low.toFixed(2)}–${high.toFixed(2)} over ${values.length} rounds)`;
}
