import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const packageRoot = fileURLToPath(new URL('..', import.meta.url));
const vitestBin = fileURLToPath(new URL('../node_modules/vitest/vitest.mjs', import.meta.url));

describe('useMockOpenAI in a real vitest run', () => {
  it('fails exactly the test that left a scripted reply unused', () => {
    const result = spawnSync(
      process.execPath,
      [vitestBin, 'run', '--config', 'test/fixtures/vitest.fixture.config.ts'],
      { cwd: packageRoot, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1', CI: '1' } },
    );
    const output = result.stdout + result.stderr;
    expect(result.status).toBe(1);
    expect(output).toMatch(/1 failed \| 1 passed/);
    expect(output).toContain('leaves a one-off reply unused');
    expect(output).toMatch(/never used: onChat\(\{ model: gpt-4o \}\)\.replyOnce\("forgotten"\)/);
  }, 60_000);
});
