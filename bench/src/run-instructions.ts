// `pnpm bench:instructions` (in this folder): instructions per core call and
// per gateway request beside their floors, counted by callgrind (see
// instructions/instructions.bench.ts). Needs valgrind (Debian's `valgrind`
// package) and the built packages; prints one table and writes
// bench-results/instructions.json. Three to five minutes on two cores.
import { cpus } from 'node:os';
import { fileURLToPath } from 'node:url';
import { hasValgrind } from './instructions/callgrind-process.js';
import { runInstructionsBenchmark } from './instructions/instructions.bench.js';
import { printAndWriteReport } from './report.js';

if (!hasValgrind()) {
  console.error('valgrind is not installed: apt-get install valgrind, then run this again.');
  process.exit(1);
}
const started = performance.now();
const rows = await runInstructionsBenchmark();
const seconds = (performance.now() - started) / 1000;
printAndWriteReport({
  sections: [{ title: 'instructions (callgrind)', seconds, rows }],
  directory: fileURLToPath(new URL('..', import.meta.url)),
  file: 'instructions.json',
  machine: `${cpus().length} cores, ${cpus()[0]?.model ?? 'unknown CPU'}, Node ${process.version}`,
  totalSeconds: seconds,
});
