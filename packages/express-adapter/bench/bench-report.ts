import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** One measured figure of a benchmark run. */
export interface BenchRow {
  /** What was measured, e.g. `cache hit (in process)`. */
  name: string;
  /** The measured figure (a median over several runs where the benchmark says so). */
  value: number;
  /** Unit of `value`, e.g. `µs/op`, `ops/s`, `ratio`. */
  unit: string;
  /** The quality bar from DESIGN §9, in the same unit, when there is one. */
  target?: number;
  /** Whether a lower `value` is better (latency) or a higher one (throughput, ratios). */
  lowerIsBetter?: boolean;
}

/** A benchmark file's default shape: a name and a function producing rows. */
export interface Benchmark {
  name: string;
  run: () => Promise<BenchRow[]>;
}

/** Median of a non-empty list of numbers. */
export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1
    ? (sorted[middle] as number)
    : ((sorted[middle - 1] as number) + (sorted[middle] as number)) / 2;
}

/**
 * Prints the rows as one table (with the ratio of each figure to its target)
 * and writes them as JSON to `bench-results/<file>.json` under `directory`.
 */
export function reportBenchmarks(rows: readonly BenchRow[], directory: string, file: string): void {
  const table = rows.map((row) => {
    const ratio = row.target === undefined ? undefined : row.value / row.target;
    const meets = ratio === undefined ? '' : (row.lowerIsBetter ?? false) ? ratio <= 1 : ratio >= 1;
    return {
      benchmark: row.name,
      value: Number(row.value.toPrecision(4)),
      unit: row.unit,
      target: row.target ?? '',
      'value/target': ratio === undefined ? '' : Number(ratio.toFixed(3)),
      'meets target': meets === '' ? '' : meets ? 'yes' : 'NO',
    };
  });
  console.table(table);
  const outputDirectory = join(directory, 'bench-results');
  mkdirSync(outputDirectory, { recursive: true });
  const path = join(outputDirectory, `${file}.json`);
  writeFileSync(
    path,
    `${JSON.stringify({ date: new Date().toISOString(), node: process.version, rows }, null, 2)}\n`,
  );
  console.log(`Results written to ${path}`);
}
