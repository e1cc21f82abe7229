import { defineConfig } from 'vitest/config';

/**
 * Vitest settings shared by every package: sources resolved through the
 * `@bulwark/source` export condition (no build needed between packages), and a
 * JSON report that `npm test` sums into one closing line.
 */
export const sharedVitestConfig = defineConfig({
  resolve: { conditions: ['@bulwark/source'] },
  ssr: { resolve: { conditions: ['@bulwark/source'] } },
  test: {
    include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
    environment: 'node',
    reporters: ['default', 'json'],
    outputFile: { json: '.turbo/vitest-results.json' },
    passWithNoTests: false,
  },
});
