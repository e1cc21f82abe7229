import { configDefaults, defineConfig, mergeConfig } from 'vitest/config';
import { sharedVitestConfig } from '../../vitest.shared.ts';

// The shared `include` holds src/ and test/; each project excludes the other.
// The integration tests (test/) run twice, against each way of serving the
// gateway: the framework-free handler on node:http, and the Express app. The
// browser test (one Chromium launch) runs with the first only: the page is
// the same whichever way it is served, which test/status-routes.test.ts checks.
// So do the tests of several gateway processes (`*.processes.test.ts`): their
// children serve with the handler whatever the project.
const flavour = (name: 'node' | 'express', exclude: string[] = []) => ({
  extends: true as const,
  test: {
    name: `test (${name})`,
    exclude: [...configDefaults.exclude, 'src/**', ...exclude],
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
        flavour('express', ['test/**/*.browser.test.ts', 'test/**/*.processes.test.ts']),
      ],
    },
  }),
);
