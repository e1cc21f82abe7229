// Shared helper of the configuration test files (not part of the package's API).
import { ConfigError, type ConfigIssue } from '../../src/errors/errors.js';

/**
 * The issues of the `ConfigError` that `run` throws; any other outcome
 * fails the test.
 *
 * @param run - what should throw.
 */
export function configIssuesOf(run: () => unknown): readonly ConfigIssue[] {
  try {
    run();
  } catch (error) {
    if (error instanceof ConfigError) return error.issues;
    throw error;
  }
  throw new Error('expected a ConfigError');
}
