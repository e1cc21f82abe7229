/**
 * The exit codes of `bulwark` (the CLI README): `success` 0, `failure` 1 (an
 * upstream or runtime error), `usage` 2 (bad arguments, input or
 * configuration), `interrupted` 130 (SIGINT, as shells report 128 + 2).
 */
export const EXIT_CODES = {
  /** Everything succeeded. */
  success: 0,
  /** An upstream or runtime error (some batch rows failed, the upstream is down). */
  failure: 1,
  /** Bad arguments, input or configuration: fix the command, not the upstream. */
  usage: 2,
  /** Interrupted by SIGINT (128 + 2, as shells report it). */
  interrupted: 130,
} as const;

/** One of the values of {@link EXIT_CODES}. */
export type ExitCode = (typeof EXIT_CODES)[keyof typeof EXIT_CODES];
