import { configDefaults, defineConfig, mergeConfig } from 'vitest/config';
import { sharedVitestConfig } from '../../vitest.shared.ts';

// The shared `include` holds src/ and test/; each project excludes the other.
// The integration tests (test/) run twice, against each way of serving the
// gateway: the framework-free handler on node:http, and the Express app.
const flavour = (name: 'node' | 'express') => ({
  extends: true as const,
  test: {
    name: `test (${name})`,
    exclude: [...configDefaults.exclude, 'src/**'],
    env: { BULWARK_TEST_GATEWAY: name },
  },
});

export default mergeConfig(
  sharedVitestConfig,
  defineConfig({
    test: {
      testTimeout: 15_000,
      projects: [
        {
          extends: true,
          test: { name: 'unit', exclude: [...configDefaults.exclude, 'test/**'] },
        },
        flavour('node'),
        flavour('express'),
      ],
    },
  }),
);
