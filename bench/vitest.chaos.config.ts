import { defineConfig } from 'vitest/config';

/**
 * `pnpm test:chaos`: the gateway under load against a faulty upstream. Kept out
 * of `npm test` (it runs for a minute or two); `.ci/run` runs it after the
 * tests. `--expose-gc` lets the memory check collect garbage before measuring.
 */
export default defineConfig({
  resolve: { conditions: ['@bulwark/source'] },
  ssr: { resolve: { conditions: ['@bulwark/source'] } },
  test: {
    include: ['chaos/**/*.chaos.ts'],
    environment: 'node',
    pool: 'forks',
    execArgv: ['--expose-gc'],
    testTimeout: 120_000,
    hookTimeout: 30_000,
    fileParallelism: false,
    reporters: ['default', 'json'],
    outputFile: { json: '.turbo/vitest-results.json' },
  },
});
