import { BulwarkError } from './bulwark-error.js';

/** One bad setting: the environment variable or option that holds it, and what is wrong. */
export interface ConfigIssue {
  /** The environment variable (e.g. `BULWARK_RPM`) or option path (e.g. `rateLimit.rpm`). */
  name: string;
  /** What is wrong with it. */
  message: string;
}

/** Options of {@link ConfigError}. */
export interface ConfigErrorOptions {
  /** Every bad setting. */
  issues: readonly ConfigIssue[];
  /** Lead-in of the message. @default 'Invalid configuration' */
  message?: string | undefined;
}

/**
 * The configuration is invalid: thrown by `loadConfig()` and `createClient()`
 * before anything is sent. `issues` names every bad variable or option with
 * the reason, and the message lists them all, one per line, e.g.
 * `Invalid configuration:\n- BULWARK_RPM: expected an integer ≥ 0, got "fast"`.
 * Values of secrets never appear.
 *
 * Code `invalid_config`; not retryable.
 */
export class ConfigError extends BulwarkError {
  /** Always `invalid_config`. */
  readonly code = 'invalid_config' as const;
  /** Every bad setting. */
  readonly issues: readonly ConfigIssue[];

  /** @param options - the bad settings. */
  constructor(options: ConfigErrorOptions) {
    const lines = options.issues.map((issue) => `- ${issue.name}: ${issue.message}`);
    super(
      { message: [`${options.message ?? 'Invalid configuration'}:`, ...lines].join('\n') },
      false,
    );
    this.issues = options.issues;
  }
}
