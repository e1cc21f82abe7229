// Runs every `*.bench.ts` file in this folder against the built packages (dist),
// prints one table and writes bench-results/express-adapter.json. Run with `pnpm bench`.
import { readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { reportBenchmarks, type BenchRow, type Benchmark } from './bench-report.js';

const directory = dirname(fileURLToPath(import.meta.url));
const only = process.argv[2];
const rows: BenchRow[] = [];
for (const file of readdirSync(directory)
  .filter((name) => name.endsWith('.bench.ts'))
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
reportBenchmarks(rows, join(directory, '..'), 'express-adapter');
