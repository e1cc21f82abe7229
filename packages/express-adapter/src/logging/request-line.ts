import type { Logger } from '@bulwark/core';

/** The fields of a request's log line: strings, numbers and booleans only. */
export type RequestLineFields = Record<string, string | number | boolean>;

/** Writes a request's line for a logger that can do it without pino's generic path. */
export type RequestLineWriter = (fields: RequestLineFields) => void;

const REQUEST_LINE = Symbol.for('bulwark.requestLineWriter');

type WithWriter = Logger & { [REQUEST_LINE]?: RequestLineWriter };

/**
 * Gives a logger a {@link RequestLineWriter} for {@link logRequestLine}.
 *
 * @param logger - the logger the writer writes for (the same destination, level and bindings).
 * @param writer - writes one request line.
 * @returns the same logger.
 */
export function withRequestLineWriter<L extends Logger>(logger: L, writer: RequestLineWriter): L {
  (logger as WithWriter)[REQUEST_LINE] = writer;
  return logger;
}

/**
 * Logs a request's line (`info`, message `request`). A logger made by
 * `createGatewayLogger` writes it with one native `JSON.stringify` of fields
 * that are all scalars: the bytes pino writes for them (but for a lone
 * surrogate, escaped here where pino writes it raw), at a fraction of the
 * instructions. Any other logger gets `logger.info(fields, 'request')`. The
 * fields must not hold a path the logger censors (`REDACTED_LOG_PATHS`);
 * secrets are masked in the line as in every other.
 *
 * @param logger - the gateway's logger.
 * @param fields - the line's fields.
 */
export function logRequestLine(logger: Logger, fields: RequestLineFields): void {
  // Own property only: a pino child inherits it, but its line carries bindings the writer lacks.
  const writer = Object.hasOwn(logger, REQUEST_LINE)
    ? (logger as WithWriter)[REQUEST_LINE]
    : undefined;
  if (writer === undefined) logger.info(fields, 'request');
  else writer(fields);
}
