#!/usr/bin/env node
// Entry point of `npm start` and `npm test`: works on a machine with only Node >= 20 and npm.
// It installs with a pinned pnpm (through npx when no pnpm 10 is on PATH), builds with turbo,
// then starts the main job or runs every check. Each step is printed before it runs.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const PNPM_VERSION = '10.34.8';
const task = process.argv[2];
process.env.TURBO_TELEMETRY_DISABLED = '1';

function run(title, command, args, { stopSignalsAreClean = false, ...options } = {}) {
  console.log(`\n▶ ${title}\n  $ ${[command, ...args].join(' ')}`);
  const result = spawnSync(command, args, { cwd: root, stdio: 'inherit', ...options });
  if (result.error) throw result.error;
  // A long-running job stopped with Ctrl-C or SIGTERM ends as the user asked: not a failure.
  if (stopSignalsAreClean && ['SIGINT', 'SIGTERM'].includes(result.signal)) return;
  if (result.status !== 0) {
    console.error(`\n✖ ${title} failed (exit ${result.status ?? result.signal}).`);
    process.exit(result.status ?? 1);
  }
}

function pnpmCommand() {
  const local = join(root, 'node_modules', '.bin', 'pnpm');
  if (existsSync(local)) return [local, []];
  const probe = spawnSync('pnpm', ['--version'], { encoding: 'utf8' });
  if (probe.status === 0 && probe.stdout.trim() === PNPM_VERSION) return ['pnpm', []];
  return ['npx', ['--yes', `pnpm@${PNPM_VERSION}`]];
}

function pnpm(title, args) {
  const [command, prefix] = pnpmCommand();
  run(title, command, [...prefix, ...args]);
}

function install() {
  pnpm('Installing dependencies from the lockfile (frozen)', [
    'install',
    '--frozen-lockfile',
    '--reporter=append-only',
  ]);
}

/** Folders of every workspace package with tests: packages, examples and the docs checks. */
function testedFolders() {
  const inside = (parent) =>
    existsSync(join(root, parent))
      ? readdirSync(join(root, parent)).map((name) => join(root, parent, name))
      : [];
  // bench/ holds the chaos suite, whose report `.ci/run` adds with `task.mjs summary`.
  return [...inside('packages'), ...inside('examples'), join(root, 'docs'), join(root, 'bench')];
}

function summariseTests() {
  let passed = 0;
  let failed = 0;
  let skipped = 0;
  for (const folder of testedFolders()) {
    const file = join(folder, '.turbo', 'vitest-results.json');
    if (!existsSync(file)) continue;
    const report = JSON.parse(readFileSync(file, 'utf8'));
    passed += report.numPassedTests ?? 0;
    failed += report.numFailedTests ?? 0;
    skipped += (report.numPendingTests ?? 0) + (report.numTodoTests ?? 0);
  }
  console.log(`\nTests: ${passed} passed, ${failed} failed, ${skipped} skipped`);
}

function clearTestReports() {
  for (const folder of testedFolders()) {
    rmSync(join(folder, '.turbo', 'vitest-results.json'), { force: true });
  }
}

if (task === 'start') {
  install();
  pnpm('Building every package', ['run', 'build', '--output-logs=errors-only']);
  const [command, prefix] = pnpmCommand();
  run(
    'Starting the main job: bulwark serve (the defaults in docs/configuration.md)',
    command,
    [...prefix, '--silent', 'run', 'serve'],
    { stopSignalsAreClean: true },
  );
} else if (task === 'test') {
  install();
  pnpm('Building every package', ['run', 'build', '--output-logs=errors-only']);
  pnpm('Linting (ESLint with package boundaries, Prettier)', ['run', 'lint']);
  pnpm('Type-checking every package', ['run', 'typecheck', '--output-logs=errors-only']);
  pnpm('Building the API reference (TypeDoc: fails on an undocumented export or a broken link)', [
    'run',
    'docs:api',
  ]);
  clearTestReports();
  const [command, prefix] = pnpmCommand();
  console.log('\n▶ Running every package’s tests, the examples and the docs checks');
  const result = spawnSync(command, [...prefix, 'run', 'test:packages', '--continue'], {
    cwd: root,
    stdio: 'inherit',
  });
  summariseTests();
  process.exit(result.status ?? 1);
} else if (task === 'summary') {
  summariseTests();
} else {
  console.error('usage: node scripts/task.mjs start|test|summary');
  process.exit(2);
}
