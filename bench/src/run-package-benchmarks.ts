// A package's `pnpm bench`: run from the package's folder, it imports every
// `bench/*.bench.ts` there (each exports `benchmark: Benchmark`), prints one table and
// writes `bench-results/<package>.json`, which `run-all.ts` reads back.
// Usage: tsx ../../bench/src/run-package-benchmarks.ts [filter]
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { BenchRow, Benchmark } from './bench-row.js';
import { reportBenchmarks } from './report-benchmarks.js';

const packageDirectory = process.cwd();
const { name } = JSON.parse(readFileSync(join(packageDirectory, 'package.json'), 'utf8')) as {
  name: string;
};
const shortName = name.replace(/^@bulwark\//, '');
const directory = join(packageDirectory, 'bench');
const only = process.argv[2];
const rows: BenchRow[] = [];
for (const file of readdirSync(directory)
  .filter((entry) => entry.endsWith('.bench.ts'))
  .sort()) {
  if (only !== undefined && !file.includes(only)) continue;
  const module = (await import(pathToFileURL(join(directory, file)).href)) as {
    benchmark: Benchmark;
  };
  console.log(`Running ${module.benchmark.name}…`);
  rows.push(...(await module.benchmark.run()));
}
if (rows.length === 0) {
  console.error('No benchmark ran.');
  process.exit(1);
}
reportBenchmarks(rows, packageDirectory, shortName);
