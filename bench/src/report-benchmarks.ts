import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { BenchRow } from './bench-row.js';

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
