// `pnpm bench`: runs every package's benchmarks one after the other (never in
// parallel, so that they do not share the cores), then this package's own,
// and prints ONE table and writes ONE JSON (bench-results/bench.json here).
// Each package's runner prints its own table; its output is kept out of the
// way and shown only when it fails.
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { runCoreTransportBenchmark } from './core-transport.bench.js';
import { runGatewayCacheHitBenchmark } from './gateway-cache-hit.bench.js';
import { printAndWriteReport, type BenchSection } from './report.js';
import type { BenchRow } from './bench-row.js';

const packageDirectory = fileURLToPath(new URL('..', import.meta.url));
const root = join(packageDirectory, '..');
const tsx = join(root, 'node_modules', '.bin', 'tsx');

/** Runs `packages/<name>`'s benchmark runner and reads back its `bench-results/<name>.json`. */
async function runPackageBenchmarks(name: string, nodeOptions: string[]): Promise<BenchRow[]> {
  const directory = join(root, 'packages', name);
  const output: Buffer[] = [];
  const runner = join(packageDirectory, 'src', 'run-package-benchmarks.ts');
  const child = spawn(tsx, [...nodeOptions, runner], {
    cwd: directory,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout.on('data', (chunk: Buffer) => output.push(chunk));
  child.stderr.on('data', (chunk: Buffer) => output.push(chunk));
  const code = await new Promise<number | null>((resolve) => child.once('close', resolve));
  if (code !== 0) {
    process.stderr.write(Buffer.concat(output));
    throw new Error(`the ${name} benchmarks failed (exit ${code})`);
  }
  const report = JSON.parse(
    readFileSync(join(directory, 'bench-results', `${name}.json`), 'utf8'),
  ) as { rows: BenchRow[] };
  return report.rows;
}

const sections: BenchSection[] = [];
async function section(title: string, run: () => Promise<BenchRow[]>): Promise<void> {
  const started = performance.now();
  process.stdout.write(`Running ${title}… `);
  const rows = await run();
  const seconds = (performance.now() - started) / 1000;
  process.stdout.write(`${seconds.toFixed(1)} s\n`);
  sections.push({ title, seconds, rows });
}

const started = performance.now();
await section('core (cache hit, memory per entry, rate limit)', () =>
  runPackageBenchmarks('core', ['--expose-gc']),
);
await section('core call vs bare undici request()', runCoreTransportBenchmark);
await section('gateway vs direct (express-adapter)', () =>
  runPackageBenchmarks('express-adapter', []),
);
await section('gateway cache-hit throughput', runGatewayCacheHitBenchmark);
await section('bulwark batch under RPM/TPM (cli)', () => runPackageBenchmarks('cli', []));
printAndWriteReport({
  sections,
  directory: packageDirectory,
  machine: `${cpus().length} cores, ${cpus()[0]?.model ?? 'unknown CPU'}, Node ${process.version}`,
  totalSeconds: (performance.now() - started) / 1000,
});
