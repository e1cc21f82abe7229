import { redactSecrets } from '@bulwark/core/security';
import { type LogLevel, type Secret } from '@bulwark/core';
import { pino, type DestinationStream, type Logger } from 'pino';
import { createBufferedStdout } from './buffered-stdout.js';
import { withRequestLineWriter } from './request-line.js';

/** Options of {@link createGatewayLogger}. */
export interface GatewayLoggerOptions {
  /** Lowest level written. @default 'info' */
  level?: LogLevel | undefined;
  /** Secrets that must never appear in a line (the upstream key, the gateway keys). @default [] */
  secrets?: readonly (string | Secret | undefined)[] | undefined;
  /**
   * Where lines go.
   * @default standard output, written asynchronously in blocks of 4 KiB, each line within
   * 100 ms (`createBufferedStdout`): call `logger.flush()` before exiting
   */
  destination?: DestinationStream | undefined;
}

/**
 * Paths pino censors in a log object. They are exact paths: a wildcard path
 * (`*.apiKey`) makes pino copy and walk every line, some 6 µs a request on
 * the gateway's hot path, and the last guard (every secret, `sk-…` key and
 * `Bearer …` credential masked in the final line) covers any depth anyway.
 */
export const REDACTED_LOG_PATHS: readonly string[] = [
  'authorization',
  'headers.authorization',
  'req.headers.authorization',
  'request.headers.authorization',
  'apiKey',
  'apiKeys',
  'key',
  'options.apiKey',
  'config.apiKey',
  'config.apiKeys',
];

/**
 * A pino logger writing one JSON object per line, never blocking the
 * request it logs (standard output is written asynchronously, in blocks), with authorization
 * headers and keys censored by path (`redact`) and, as a last guard, every
 * given secret, `sk-…` key and `Bearer …` credential masked in the final
 * line, whatever field it ended up in. Request lines (`logRequestLine`)
 * take a shorter path to the same bytes.
 *
 * @param options - level, secrets to mask and destination.
 */
export function createGatewayLogger(options: GatewayLoggerOptions = {}): Logger {
  const secrets = (options.secrets ?? []).flatMap((secret) =>
    secret === undefined ? [] : [typeof secret === 'string' ? secret : secret.reveal()],
  );
  const base = { service: 'bulwark-gateway' };
  const settings = {
    level: options.level ?? 'info',
    base,
    redact: { paths: [...REDACTED_LOG_PATHS], censor: '[redacted]' },
    hooks: { streamWrite: (line: string) => redactSecrets(line, secrets) },
  };
  // process.stdout is synchronous for files and pipes: a log line would hold up the request it records.
  const destination = options.destination ?? createBufferedStdout();
  const logger = pino(settings, destination);
  // pino's line for scalar fields, in its order: level, time, bindings, fields, message.
  const bindings = JSON.stringify(base).slice(1, -1);
  return withRequestLineWriter(logger, (fields) => {
    if (!logger.isLevelEnabled('info')) return;
    const body = JSON.stringify(fields).slice(1, -1);
    const line = `{"level":30,"time":${Date.now()},${bindings}${body === '' ? '' : `,${body}`},"msg":"request"}\n`;
    destination.write(redactSecrets(line, secrets));
  });
}
