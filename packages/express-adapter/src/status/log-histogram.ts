/** The lowest bin edge, in milliseconds: anything at or below it lands in bin 0. */
const LOWEST_MS = 0.1;
/** Bins per doubling: each bin is 2^(1/4) ≈ 1.19 times as wide as the one before. */
const BINS_PER_DOUBLING = 4;

/**
 * Bins of a {@link LogHistogram}: 0.1 ms up to 0.1 × 2^26 ms (about 1.9 hours);
 * longer durations count in the last bin.
 */
export const HISTOGRAM_BINS = 26 * BINS_PER_DOUBLING;

/**
 * Counts of durations in logarithmic bins: bin `i` holds durations in
 * `[0.1 × 2^(i/4), 0.1 × 2^((i+1)/4))` milliseconds. A quantile is read as
 * the geometric middle of its bin, so it is within 9.1 % of the true
 * sample quantile (for durations between 0.1 ms and 1.9 h). Histograms of
 * the same shape add up, which is what lets a window merge its seconds.
 */
export type LogHistogram = Uint32Array;

/** A histogram with every bin empty. */
export function createLogHistogram(): LogHistogram {
  return new Uint32Array(HISTOGRAM_BINS);
}

/**
 * The bin of a duration.
 *
 * @param ms - the duration in milliseconds; negative or NaN counts as 0.
 */
export function binOf(ms: number): number {
  if (!(ms > LOWEST_MS)) return 0;
  const bin = Math.floor(Math.log2(ms / LOWEST_MS) * BINS_PER_DOUBLING);
  return Math.min(HISTOGRAM_BINS - 1, bin);
}

/**
 * The value a bin stands for: its geometric middle, in milliseconds.
 *
 * @param bin - the bin, 0 to `HISTOGRAM_BINS - 1`.
 */
export function binValue(bin: number): number {
  return LOWEST_MS * 2 ** ((bin + 0.5) / BINS_PER_DOUBLING);
}

/**
 * Adds every count of `from` to `into`.
 *
 * @param into - the histogram that grows.
 * @param from - the histogram added.
 */
export function addHistogram(into: LogHistogram, from: LogHistogram): void {
  for (let bin = 0; bin < HISTOGRAM_BINS; bin += 1) into[bin] = (into[bin] ?? 0) + (from[bin] ?? 0);
}

/**
 * The `q`-quantile of the counted durations: the value of the first bin
 * where the running count reaches `ceil(q × total)` (at least 1).
 *
 * @param histogram - the counts.
 * @param q - the quantile, 0 to 1 (0.5 for the median, 0.99 for p99).
 * @returns milliseconds (5 significant digits), or `null` for an empty histogram.
 */
export function quantileOf(histogram: LogHistogram, q: number): number | null {
  let total = 0;
  for (const count of histogram) total += count;
  if (total === 0) return null;
  const rank = Math.max(1, Math.ceil(q * total));
  let seen = 0;
  for (let bin = 0; bin < HISTOGRAM_BINS; bin += 1) {
    seen += histogram[bin] ?? 0;
    if (seen >= rank) return Number(binValue(bin).toPrecision(5));
  }
  return Number(binValue(HISTOGRAM_BINS - 1).toPrecision(5));
}
