/**
 * The exit codes of `bulwark` (DESIGN §6): `success` 0, `failure` 1 (an
 * upstream or runtime error), `usage` 2 (bad arguments, input or
 * configuration), `interrupted` 130 (SIGINT, as shells report 128 + 2).
 */
export const EXIT_CODES = {
  success: 0,
  failure: 1,
  usage: 2,
  interrupted: 130,
} as const;

/** One of the values of {@link EXIT_CODES}. */
export type ExitCode = (typeof EXIT_CODES)[keyof typeof EXIT_CODES];
