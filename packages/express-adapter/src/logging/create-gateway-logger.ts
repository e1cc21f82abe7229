import { redactSecrets } from '@bulwark/core/security';
import { type LogLevel, type Secret } from '@bulwark/core';
import { pino, type DestinationStream, type Logger } from 'pino';
import { createBufferedStdout } from './buffered-stdout.js';

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
 * line, whatever field it ended up in.
 *
 * @param options - level, secrets to mask and destination.
 */
export function createGatewayLogger(options: GatewayLoggerOptions = {}): Logger {
  const secrets = (options.secrets ?? []).flatMap((secret) =>
    secret === undefined ? [] : [typeof secret === 'string' ? secret : secret.reveal()],
  );
  // process.stdout is synchronous for files and pipes: a log line would hold up the request it records.
  const stdout = options.destination === undefined ? createBufferedStdout() : undefined;
  const settings = {
    level: options.level ?? 'info',
    base: { service: 'bulwark-gateway' },
    redact: { paths: [...REDACTED_LOG_PATHS], censor: '[redacted]' },
    hooks: { streamWrite: (line: string) => redactSecrets(line, secrets) },
  };
  return pino(settings, options.destination ?? stdout);
}
