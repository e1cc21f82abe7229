import type { Span } from '@opentelemetry/api';
import type { BulwarkError } from '../errors/bulwark-error.js';
import type { AttemptTrace } from './call-trace.js';
import type { OpenTelemetryApi } from './load-open-telemetry.js';

/** The attempt of a call without a span. */
export const NO_ATTEMPT: AttemptTrace = Object.freeze({
  succeed: () => undefined,
  fail: () => undefined,
});

/** One upstream attempt's child span, ended by its outcome. */
export class OtelAttempt implements AttemptTrace {
  constructor(
    private readonly api: OpenTelemetryApi,
    private readonly span: Span,
  ) {}

  succeed(): void {
    this.span.end();
  }

  fail(error: BulwarkError): void {
    const { span } = this;
    span.setAttribute('error.type', error.code);
    if (error.status !== undefined) span.setAttribute('http.response.status_code', error.status);
    span.setStatus({ code: this.api.SpanStatusCode.ERROR, message: error.code });
    span.end();
  }
}
