/**
 * The structured logger `@bulwark/core` writes to: pino's calling
 * convention (`logger.info({ requestId }, 'message')`), so a pino logger
 * plugs in as it is. Core never writes to stdout itself.
 */
export interface Logger {
  /** Detail for debugging (every attempt, every hook). */
  debug(fields: Record<string, unknown>, message: string): void;
  /** Normal operation worth keeping. */
  info(fields: Record<string, unknown>, message: string): void;
  /** Something went wrong but the call went on (a throwing event listener). */
  warn(fields: Record<string, unknown>, message: string): void;
  /** A call failed. */
  error(fields: Record<string, unknown>, message: string): void;
}

/** A logger that drops everything: the default of `createClient({ logger })`. */
export const silentLogger: Logger = Object.freeze({
  debug() {},
  info() {},
  warn() {},
  error() {},
});
