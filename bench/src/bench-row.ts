/** One measured figure, in the shape every package's `bench-results/<package>.json` uses. */
export interface BenchRow {
  /** What was measured. */
  name: string;
  /** The measured figure (a median over several runs where the benchmark says so). */
  value: number;
  /** Unit of `value`, e.g. `ms`, `µs/op`, `req/s`, `ratio`. */
  unit: string;
  /** The quality bar from docs/performance.md, in the same unit, when there is one. */
  target?: number;
  /** Whether a lower `value` is better (latency) or a higher one (throughput, ratios). */
  lowerIsBetter?: boolean;
}

/** A benchmark file's export (`export const benchmark`): a name and a function producing rows. */
export interface Benchmark {
  /** Shown while the benchmark runs. */
  name: string;
  /** Runs the benchmark and returns its figures. */
  run: () => Promise<BenchRow[]>;
}

/** Median of a non-empty list of numbers. */
export function median(values: readonly number[]): number {
  if (values.length === 0) throw new Error('median of an empty list');
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1
    ? (sorted[middle] as number)
    : ((sorted[middle - 1] as number) + (sorted[middle] as number)) / 2;
}
