import { BulwarkError } from './bulwark-error.js';

/** Options of {@link HookError}. */
export interface HookErrorOptions {
  /** Which hook list failed. */
  hook: 'beforeRequest' | 'afterResponse';
  /** Position of the failing hook in its list. */
  index: number;
  /** What the hook threw. Attached as `cause` unchanged: it is the caller's own error. */
  cause: unknown;
}

/**
 * A `beforeRequest` or `afterResponse` hook threw (or rejected): the call
 * fails with this error and the hook's error as `cause`. A failing
 * `beforeRequest` hook means nothing was sent.
 *
 * Code `hook_failed`; not retryable.
 */
export class HookError extends BulwarkError {
  /** Always `hook_failed`. */
  readonly code = 'hook_failed' as const;
  /** Which hook list failed. */
  readonly hook: 'beforeRequest' | 'afterResponse';
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
}
