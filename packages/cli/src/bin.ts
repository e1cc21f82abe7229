import { setMaxListeners } from 'node:events';
import { runCli } from './run-cli.js';

// The first SIGINT aborts the running command, which stops cleanly and exits
// with 130; a second one exits at once.
const interrupt = new AbortController();
// Every call in flight (a batch runs many) listens to the interrupt signal.
setMaxListeners(0, interrupt.signal);
process.on('SIGINT', () => {
  if (interrupt.signal.aborted) process.exit(130);
  interrupt.abort();
});

// A reader that goes away (`bulwark chat … | head -1`) ends the command
// quietly, as other Unix tools do, instead of crashing on EPIPE.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code !== 'EPIPE') throw error;
  process.exit(process.exitCode ?? 0);
});

process.exitCode = await runCli(process.argv.slice(2), {
  stdout: process.stdout,
  stderr: process.stderr,
  stdin: process.stdin,
  env: process.env,
  cwd: process.cwd(),
  signal: interrupt.signal,
});
