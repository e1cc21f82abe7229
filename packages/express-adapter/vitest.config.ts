import { defineConfig, mergeConfig } from 'vitest/config';
import { sharedVitestConfig } from '../../vitest.shared.ts';

// No tests yet: this package is scaffolded and filled by a later issue.
export default mergeConfig(sharedVitestConfig, defineConfig({ test: { passWithNoTests: true } }));
