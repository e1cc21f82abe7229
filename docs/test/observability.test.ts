import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { fillGeneratedSections } from '../scripts/configuration-reference.js';
import { OBSERVABILITY_SECTIONS } from '../scripts/model-prices.js';

const page = fileURLToPath(new URL('../observability.md', import.meta.url));

describe('docs/observability.md', () => {
  it('shows the built-in model table as the code has it (run `pnpm --filter @bulwark/docs generate`)', async () => {
    const markdown = readFileSync(page, 'utf8');
    expect(await fillGeneratedSections(markdown, page, OBSERVABILITY_SECTIONS)).toBe(markdown);
    expect(markdown).toMatch(
      /\| `gpt-4o` +\| 128,000 +\| 16,384 +\| \$2\.5 +\| \$1\.25 +\| \$10 +\|/,
    );
  });
});
