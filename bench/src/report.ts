import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { BenchRow } from './bench-row.js';

/** The rows of one benchmark, under a title. */
export interface BenchSection {
  title: string;
  /** Wall-clock time the section took. */
  seconds: number;
  rows: BenchRow[];
}

/** What {@link printAndWriteReport} prints and writes. */
export interface BenchReport {
  sections: BenchSection[];
  /** Folder that receives `bench-results/<file>`. */
  directory: string;
  /** The JSON file's name. @default 'bench.json' */
  file?: string;
  /** Cores, CPU and Node version, printed under the table. */
  machine: string;
  totalSeconds: number;
}

function meetsTarget(row: BenchRow): string {
  if (row.target === undefined) return '';
  const meets = (row.lowerIsBetter ?? false) ? row.value <= row.target : row.value >= row.target;
  return meets ? 'yes' : 'NO';
}

/** Prints every row of every section as one table and writes the same as one JSON file. */
export function printAndWriteReport(report: BenchReport): string {
  const table = report.sections.flatMap((section) =>
    section.rows.map((row) => ({
      section: section.title,
      benchmark: row.name,
      value: Number(row.value.toPrecision(4)),
      unit: row.unit,
      target: row.target ?? '',
      'meets target': meetsTarget(row),
    })),
  );
  console.table(table);
  console.log(`Machine: ${report.machine}; total ${report.totalSeconds.toFixed(0)} s`);
  const folder = join(report.directory, 'bench-results');
  mkdirSync(folder, { recursive: true });
  const path = join(folder, report.file ?? 'bench.json');
  const json = {
    date: new Date().toISOString(),
    machine: report.machine,
    totalSeconds: report.totalSeconds,
    sections: report.sections,
  };
  writeFileSync(path, `${JSON.stringify(json, null, 2)}\n`);
  console.log(`Results written to ${path}`);
  return path;
}
