import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';

let ticksPerSecond: number | undefined;

/** The kernel's clock ticks per second (`getconf CLK_TCK`), read once; 100 where unknown. */
function clockTicks(): number {
  if (ticksPerSecond === undefined) {
    let read = Number.NaN;
    try {
      read = Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim());
    } catch {
      // No getconf: Linux's usual value below.
    }
    ticksPerSecond = Number.isFinite(read) && read > 0 ? read : 100;
  }
  return ticksPerSecond;
}

/**
 * The CPU time a process has used so far (user and system, all its threads),
 * in microseconds, from Linux's `/proc/<pid>/stat`; `undefined` elsewhere or
 * when the process is gone. Its resolution is one clock tick (10 ms on most
 * systems): read it around runs of thousands of requests, not one.
 *
 * @param pid - the process.
 */
export function processCpuMicros(pid: number | undefined): number | undefined {
  if (pid === undefined || process.platform !== 'linux') return undefined;
  let stat: string;
  try {
    stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  } catch {
    return undefined;
  }
  // The command name (field 2) is in parentheses and may hold spaces: count fields after it.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const ticks = Number(fields[11]) + Number(fields[12]); // utime, stime: fields 14 and 15
  return Number.isFinite(ticks) ? (ticks * 1e6) / clockTicks() : undefined;
}
