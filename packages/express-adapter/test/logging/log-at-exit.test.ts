import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const child = fileURLToPath(new URL('./log-then-exit.ts', import.meta.url));

function linesOf(code: number): unknown[] {
  let output: string;
  try {
    output = execFileSync(
      process.execPath,
      ['--import', 'tsx', '--conditions=@bulwark/source', child, String(code)],
      { encoding: 'utf8' },
    );
  } catch (error) {
    output = (error as { stdout: string }).stdout;
  }
  return output
    .split('\n')
    .filter((line) => line !== '')
    .map((line) => JSON.parse(line) as unknown);
}

describe('the gateway log when the process exits', () => {
  it('still writes a line gathered for the next block', () => {
    expect(linesOf(0)).toEqual([expect.objectContaining({ requestId: 'at-exit', msg: 'request' })]);
  });

  it('also when the process exits with a failure', () => {
    expect(linesOf(3)).toEqual([expect.objectContaining({ requestId: 'at-exit' })]);
  });
});
