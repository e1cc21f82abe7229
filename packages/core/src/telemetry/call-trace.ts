import type { BulwarkError } from '../errors/bulwark-error.js';
import type { CallUsage } from '../events/client-events.js';

/** What an answer said of itself, for the call's span. */
export interface ResponseFacts {
  /** The completion's `id`. */
  id: string | undefined;
  /** The model that answered (`model` of the completion or chunks). */
  model: string | undefined;
  /** Each choice's `finish_reason`, in order. */
  finishReasons: readonly string[];
  /** The generated messages, read only when content recording is on. */
  output?: (() => unknown) | undefined;
}

/** Where an attempt (or the call's answer) went: the span's `server.*` and provider. */
export interface ServerEndpoint {
  /** `openai` or `azure.ai.openai` (`gen_ai.provider.name`). */
  readonly provider: 'openai' | 'azure.ai.openai';
  /** The upstream's host (`server.address`). */
  readonly address: string | undefined;
  /** Its port (`server.port`). */
  readonly port: number | undefined;
}

/** One upstream attempt's span; see {@link CallTrace.attempt}. */
export interface AttemptTrace {
  /** The attempt succeeded (its response opened). */
  succeed(): void;
  /** The attempt failed with this error. */
  fail(error: BulwarkError): void;
}

/**
 * One call's traces and metrics: its span, the child spans of its
 * attempts, its span events, and its measurements when it ends. Ended once,
 * by the call's settlement. Without a registered OpenTelemetry SDK every
 * call shares {@link NOOP_CALL_TRACE}, which does nothing and allocates
 * nothing (see docs/observability.md).
 */
export interface CallTrace {
  /** Whether anything is recorded (a span or metrics). */
  readonly active: boolean;
  /** Starts the span of attempt `attempt` on the deployment at `endpoint`. */
  attempt(attempt: number, endpoint: ServerEndpoint, deployment: string | undefined): AttemptTrace;
  /** Adds a span event (a cache hit, a rate-limit wait, a breaker rejection, a fallback). */
  event(name: string, attributes: Readonly<Record<string, string | number | boolean>>): void;
  /** The call completed: usage, what the answer said of itself, time to first chunk. */
  succeed(
    usage: CallUsage,
    response: ResponseFacts | undefined,
    timeToFirstChunkMs: number | undefined,
  ): void;
  /** The call failed. */
  fail(error: BulwarkError): void;
  /** A stream its consumer gave up: the span ends without an outcome. */
  abandon(): void;
}

const NOOP_ATTEMPT: AttemptTrace = Object.freeze({
  succeed: () => undefined,
  fail: () => undefined,
});

/** The trace of every call while nothing records: no span, no measurement. */
export const NOOP_CALL_TRACE: CallTrace = Object.freeze({
  active: false,
  attempt: () => NOOP_ATTEMPT,
  event: () => undefined,
  succeed: () => undefined,
  fail: () => undefined,
  abandon: () => undefined,
});
