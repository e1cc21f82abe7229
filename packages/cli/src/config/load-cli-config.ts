import {
  ConfigError,
  loadConfig,
  type BulwarkConfig,
  type ConfigIssue,
  type ConfigOverrides,
} from '@bulwark/core';
import type { CliContext } from '../cli-context.js';

/** The flag that sets each override, so that a bad flag is reported by its own name. */
const FLAG_NAMES: Readonly<Record<string, string>> = {
  'overrides.baseURL': '--base-url',
  'overrides.model': '--model',
  'overrides.rateLimit.rpm': '--rpm',
  'overrides.rateLimit.tpm': '--tpm',
  'overrides.bulkhead.maxConcurrent': '--max-concurrency',
  'overrides.routesFile': '--routes',
};

/**
 * Loads the configuration for a command: defaults, `<cwd>/.env`, the
 * environment, then the command's flags (flags win, docs/configuration.md).
 *
 * @param context - the CLI's environment and working folder.
 * @param overrides - values given as flags.
 * @throws `ConfigError` naming each bad variable, or the flag (`--rpm`) for a bad flag.
 */
export function loadCliConfig(context: CliContext, overrides: ConfigOverrides = {}): BulwarkConfig {
  try {
    return loadConfig({ env: context.env, cwd: context.cwd, dotenv: true, overrides });
  } catch (error) {
    if (!ConfigError.isInstance(error)) throw error;
    const issues: ConfigIssue[] = error.issues.map((issue) => ({
      name: FLAG_NAMES[issue.name] ?? issue.name,
      message: issue.message,
    }));
    throw new ConfigError({ issues });
  }
}
