import { CliError } from '../errors/cli-error.js';
import { EXIT_CODES } from '../errors/exit-codes.js';

/** Where `bulwark serve` tried to listen. */
export interface ListenTarget {
  /** The listen address, e.g. `127.0.0.1`. */
  host: string;
  /** The port asked for (0 picks a free one). */
  port: number;
}

/**
 * Turns a failure to listen into the line `bulwark serve` prints: a port in
 * use (`EADDRINUSE`), a port the user may not open (`EACCES`) or an address
 * that is not this machine's (`EADDRNOTAVAIL`) is a configuration error
 * (exit code 2) that names `host:port` and the flag that changes it.
 *
 * @param error - what `listen()` failed with.
 * @param target - the host and port asked for.
 * @returns the `CliError` to throw, or `undefined` when the error is not one
 * of these (then it is reported as it is).
 * @example
 * ```ts
 * throw describeListenError(error, { host: '127.0.0.1', port: 8787 }) ?? error;
 * ```
 */
export function describeListenError(error: unknown, target: ListenTarget): CliError | undefined {
  const where = `${target.host.includes(':') ? `[${target.host}]` : target.host}:${target.port}`;
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  const fail = (message: string, cliCode: string) =>
    new CliError({ message, code: cliCode, exitCode: EXIT_CODES.usage, cause: error });
  switch (code) {
    case 'EADDRINUSE':
      return fail(
        `Port ${target.port} is already in use (${where}): stop what listens there, or choose another port with --port <port> (or BULWARK_PORT; --port 0 picks a free one)`,
        'port_in_use',
      );
    case 'EACCES':
      return fail(
        `Not allowed to listen on ${where}: choose a port above 1023 with --port <port> (or BULWARK_PORT)`,
        'port_not_allowed',
      );
    case 'EADDRNOTAVAIL':
      return fail(
        `Cannot listen on ${where}: ${target.host} is not an address of this machine; choose another with --host <host> (or BULWARK_HOST)`,
        'address_not_available',
      );
    default:
      return undefined;
  }
}
