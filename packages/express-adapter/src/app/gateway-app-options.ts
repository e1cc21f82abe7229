import type { BulwarkClient } from '@bulwark/core';
import type { DestinationStream, Logger } from 'pino';
import type { PerCallerLimitOptions } from '../security/limit-per-caller.js';

/** Options of `createGatewayApp()`, beyond what the configuration says. */
export interface GatewayAppOptions {
  /** The `fetch` the client sends upstream with, e.g. `createMockOpenAI().fetch`. @default globalThis.fetch */
  fetch?: typeof fetch | undefined;
  /** Use this client instead of creating one from the configuration. */
  client?: BulwarkClient | undefined;
  /** Where log lines go. @default standard output */
  logDestination?: DestinationStream | undefined;
  /** Use this logger instead of creating one (it must redact secrets itself). */
  logger?: Logger | undefined;
  /**
   * Serve on a non-loopback host although no `BULWARK_API_KEYS` are set,
   * i.e. open to anyone who can reach it.
   * @default false
   */
  insecureNoAuth?: boolean | undefined;
  /** Per-caller request limit; `false` turns it off. @default { requests: 600, windowSeconds: 60 } */
  perCallerLimit?: PerCallerLimitOptions | false | undefined;
  /** Largest request body. @default '2mb' */
  bodyLimit?: number | string | undefined;
  /** Put prompts in the log lines. @default the configuration's `gateway.logPrompts` (`BULWARK_LOG_PROMPTS`) */
  logPrompts?: boolean | undefined;
  /** Collect prom-client's default process metrics. @default true */
  defaultMetrics?: boolean | undefined;
}
