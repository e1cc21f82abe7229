/**
 * The error of bad settings: every bad variable or option, named. Part of
 * the family listed in `errors.ts` (docs/errors.md).
 */
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

const configErrorMarker = Symbol.for('@bulwark/core/error/ConfigError');

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
  /** @internal */
  private readonly [configErrorMarker] = true;
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

  /**
   * Tells whether `value` is a {@link ConfigError}, including one thrown by
   * another copy of `@bulwark/core` (a registered symbol marker, not `instanceof`).
   *
   * @param value - anything caught.
   */
  static override isInstance(value: unknown): value is ConfigError {
    return BulwarkError.hasMarker(value, configErrorMarker);
  }
}

/** The hook lists of `createClient({ hooks })`. */
export type HookListName =
  'beforeRequest' | 'afterResponse' | 'beforeEmbeddings' | 'afterEmbeddings';

/** Options of {@link HookError}. */
export interface HookErrorOptions {
  /** Which hook list failed. */
  hook: HookListName;
  /** Position of the failing hook in its list. */
  index: number;
  /** What the hook threw. Attached as `cause` unchanged: it is the caller's own error. */
  cause: unknown;
}

const hookErrorMarker = Symbol.for('@bulwark/core/error/HookError');

/**
 * A hook (`beforeRequest`, `afterResponse`, `beforeEmbeddings`,
 * `afterEmbeddings`) threw (or rejected): the call fails with this error and
 * the hook's error as `cause`. A failing before hook means nothing was sent.
 *
 * Code `hook_failed`; not retryable.
 */
export class HookError extends BulwarkError {
  /** Always `hook_failed`. */
  readonly code = 'hook_failed' as const;
  /** @internal */
  private readonly [hookErrorMarker] = true;
  /** Which hook list failed. */
  readonly hook: HookListName;
  /** Position of the failing hook in its list. */
  readonly index: number;

  /** @param options - which hook failed and what it threw. */
  constructor(options: HookErrorOptions) {
    super(
      {
        message: `The ${options.hook} hook at index ${options.index} failed`,
        cause: options.cause,
      },
      false,
    );
    this.hook = options.hook;
    this.index = options.index;
  }

  /**
   * Tells whether `value` is a {@link HookError}, including one thrown by
   * another copy of `@bulwark/core` (a registered symbol marker, not `instanceof`).
   *
   * @param value - anything caught.
   */
  static override isInstance(value: unknown): value is HookError {
    return BulwarkError.hasMarker(value, hookErrorMarker);
  }
}
