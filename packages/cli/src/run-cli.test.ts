import { describe, expect, it } from 'vitest';
import packageJson from '../package.json' with { type: 'json' };
import { runCli } from './run-cli.js';
import { createTestContext } from '../test/support/create-test-context.js';

describe('runCli', () => {
  it('prints the version and exits 0', async () => {
    const { context, stdout } = createTestContext();
    expect(await runCli(['--version'], context)).toBe(0);
    expect(stdout.text).toBe(`${packageJson.version}\n`);
  });

  it('prints help on stdout and exits 0', async () => {
    const { context, stdout } = createTestContext();
    expect(await runCli(['--help'], context)).toBe(0);
    expect(stdout.text).toContain('Usage: bulwark');
  });

  it('exits 2 with a message on stderr for an unknown option', async () => {
    const { context, stderr } = createTestContext();
    expect(await runCli(['--frobnicate'], context)).toBe(2);
    expect(stderr.text).toContain("unknown option '--frobnicate'");
  });
});

describe('runCli colour', () => {
  it('colours the error line on a terminal, and not with NO_COLOR', async () => {
    const coloured = createTestContext({ stderrIsTTY: true });
    expect(await runCli(['chat'], coloured.context)).toBe(2);
    expect(coloured.stderr.text).toContain('\u001B[31mbulwark:\u001B[39m');

    const plain = createTestContext({ stderrIsTTY: true, env: { NO_COLOR: '1' } });
    expect(await runCli(['chat'], plain.context)).toBe(2);
    expect(plain.stderr.text).toMatch(/^bulwark: .*\[usage_error\]\n$/);
    expect(plain.stderr.text).not.toContain('\u001B[');
  });
});
