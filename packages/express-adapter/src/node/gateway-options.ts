import type { BulwarkClient } from '@bulwark/core';
import type { DestinationStream, Logger } from 'pino';
import type { KeyStore } from '../keys/key-store.js';
import type { PerCallerLimitOptions } from './caller-limiter.js';

/**
 * Options of `createNodeGateway()` and `createGatewayApp()`, beyond what the
 * configuration says.
 */
export interface GatewayOptions {
  /** The `fetch` the client sends upstream with, e.g. `createMockOpenAI().fetch`. @default globalThis.fetch */
  fetch?: typeof fetch | undefined;
  /** Use this client instead of creating one from the configuration. */
  client?: BulwarkClient | undefined;
  /**
   * Where log lines go.
   * @default standard output, written asynchronously (flushed by `gateway.close()`)
   */
  logDestination?: DestinationStream | undefined;
  /**
   * The key store (`openKeyStore()` of `@bulwark/express-adapter/keys`;
   * docs/keys.md): its keys are accepted beside `BULWARK_API_KEYS`, with
   * their limits and budgets. The caller opens it and closes it after the
   * gateway (`bulwark serve` does both).
   */
  keyStore?: KeyStore | undefined;
  /** Use this logger instead of creating one (it must redact secrets itself). */
  logger?: Logger | undefined;
  /**
   * Serve on a non-loopback host although no `BULWARK_API_KEYS` are set,
   * i.e. open to anyone who can reach it.
   * @default false
   */
  insecureNoAuth?: boolean | undefined;
  /**
   * Requests per minute per caller on the `/v1` routes; 0 turns the limit off.
   * @default the configuration's `callerRpm` (`BULWARK_CALLER_RPM`, 0)
   */
  callerRpm?: number | undefined;
  /**
   * Per-caller limit with its own window; `false` turns it off. Takes
   * precedence over `callerRpm`.
   * @deprecated use `callerRpm`.
   */
  perCallerLimit?: PerCallerLimitOptions | false | undefined;
  /** Largest request body. @default '2mb' */
  bodyLimit?: number | string | undefined;
  /** Put prompts in the log lines. @default the configuration's `gateway.logPrompts` (`BULWARK_LOG_PROMPTS`) */
  logPrompts?: boolean | undefined;
  /** Collect prom-client's default process metrics. @default true */
  defaultMetrics?: boolean | undefined;
}
