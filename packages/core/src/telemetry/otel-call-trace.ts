import type { Attributes, Span, Tracer } from '@opentelemetry/api';
import type { BulwarkError } from '../errors/bulwark-error.js';
import type { CallUsage } from '../events/client-events.js';
import type { AttemptTrace, CallTrace, ResponseFacts, ServerEndpoint } from './call-trace.js';
import type { GenAiInstruments } from './gen-ai-instruments.js';
import type { OpenTelemetryApi } from './load-open-telemetry.js';
import { NO_ATTEMPT, OtelAttempt } from './otel-attempt.js';
import { requestAttributes, type TracedRequest } from './request-attributes.js';

/** The token-type attribute of the token-usage histogram, by side. */
const INPUT_TOKENS: Attributes = Object.freeze({ 'gen_ai.token.type': 'input' });
const OUTPUT_TOKENS: Attributes = Object.freeze({ 'gen_ai.token.type': 'output' });

/** What a call's trace starts from. */
export interface CallTraceStart {
  /** The API: `chat` or `embeddings` (`gen_ai.operation.name`, the span's name). */
  operation: 'chat' | 'embeddings';
  /** The model asked for. */
  model: string;
  /** The caller's request, read for the `gen_ai.request.*` attributes. */
  request: TracedRequest;
  /** Where calls go without routes (updated by each attempt). */
  endpoint: ServerEndpoint;
  /** When the call started (`performance.now()`). */
  startedAt: number;
  /** Record prompts and completions on the span. */
  recordContent: boolean;
}

/**
 * A call's span (`chat {model}` or `embeddings {model}`, kind CLIENT, a child of the active
 * context) with its attempts' child spans, and its GenAI measurements.
 * Either part may be absent: a tracer without a meter, or the reverse.
 */
export class OtelCallTrace implements CallTrace {
  readonly active = true;
  readonly #span: Span | undefined;
  readonly #tracer: Tracer | undefined;
  #endpoint: ServerEndpoint;

  constructor(
    private readonly api: OpenTelemetryApi,
    tracer: Tracer | undefined,
    private readonly instruments: GenAiInstruments | undefined,
    private readonly start: CallTraceStart,
  ) {
    this.#endpoint = start.endpoint;
    this.#tracer = tracer;
    if (tracer === undefined) return;
    const span = tracer.startSpan(
      `${start.operation} ${start.model}`,
      {
        kind: api.SpanKind.CLIENT,
        attributes: requestAttributes(
          start.operation,
          start.model,
          start.request,
          start.recordContent,
        ),
      },
      api.context.active(),
    );
    this.#span = span.isRecording() ? span : undefined;
  }

  attempt(attempt: number, endpoint: ServerEndpoint, deployment: string | undefined): AttemptTrace {
    this.#endpoint = endpoint;
    const parent = this.#span;
    const tracer = this.#tracer;
    if (parent === undefined || tracer === undefined) return NO_ATTEMPT;
    const { api } = this;
    const path = this.start.operation === 'embeddings' ? '/embeddings' : '/chat/completions';
    const attributes: Attributes = {
      'http.request.method': 'POST',
      'url.template': path,
      'bulwark.attempt': attempt,
    };
    if (endpoint.address !== undefined) attributes['server.address'] = endpoint.address;
    if (endpoint.port !== undefined) attributes['server.port'] = endpoint.port;
    if (deployment !== undefined) attributes['bulwark.deployment'] = deployment;
    const span = tracer.startSpan(
      `POST ${path}`,
      { kind: api.SpanKind.CLIENT, attributes },
      api.trace.setSpan(api.context.active(), parent),
    );
    return new OtelAttempt(api, span);
  }

  event(name: string, attributes: Readonly<Record<string, string | number | boolean>>): void {
    this.#span?.addEvent(name, attributes);
  }

  succeed(
    usage: CallUsage,
    response: ResponseFacts | undefined,
    timeToFirstChunkMs: number | undefined,
  ): void {
    const fromCache = usage.source === 'cache';
    const span = this.#span;
    if (span !== undefined) {
      this.#setEndpoint(span);
      span.setAttribute('bulwark.cache.hit', fromCache);
      if (response?.id !== undefined) span.setAttribute('gen_ai.response.id', response.id);
      if (response?.model !== undefined) span.setAttribute('gen_ai.response.model', response.model);
      if (response !== undefined) {
        // Embeddings have no choices, so no finish reasons.
        if (this.start.operation === 'chat') {
          span.setAttribute('gen_ai.response.finish_reasons', [...response.finishReasons]);
        }
        if (this.start.recordContent && response.output !== undefined) {
          span.setAttribute('gen_ai.output.messages', JSON.stringify(response.output()));
        }
      }
      if (!fromCache) {
        span.setAttribute('gen_ai.usage.input_tokens', usage.promptTokens);
        if (this.start.operation === 'chat') {
          span.setAttribute('gen_ai.usage.output_tokens', usage.completionTokens);
          span.setAttribute('gen_ai.usage.cache_read.input_tokens', usage.cachedTokens);
        }
        span.setAttribute('bulwark.cost_usd', usage.costUsd);
      }
      span.end();
    }
    const instruments = this.instruments;
    if (instruments === undefined) return;
    const attributes = this.#metricAttributes(response?.model);
    instruments.duration.record(this.#seconds(), attributes);
    if (timeToFirstChunkMs !== undefined) {
      instruments.timeToFirstChunk.record(timeToFirstChunkMs / 1000, attributes);
    }
    if (fromCache) return;
    instruments.tokenUsage.record(usage.promptTokens, Object.assign({}, attributes, INPUT_TOKENS));
    if (this.start.operation === 'chat') {
      instruments.tokenUsage.record(
        usage.completionTokens,
        Object.assign({}, attributes, OUTPUT_TOKENS),
      );
    }
    instruments.cost.add(usage.costUsd, attributes);
  }

  fail(error: BulwarkError): void {
    const span = this.#span;
    if (span !== undefined) {
      this.#setEndpoint(span);
      span.setAttribute('error.type', error.code);
      span.setStatus({ code: this.api.SpanStatusCode.ERROR, message: error.code });
      span.end();
    }
    const attributes = this.#metricAttributes(undefined);
    attributes['error.type'] = error.code;
    this.instruments?.duration.record(this.#seconds(), attributes);
  }

  abandon(): void {
    const span = this.#span;
    if (span === undefined) return;
    span.setAttribute('bulwark.abandoned', true);
    span.end();
  }

  #setEndpoint(span: Span): void {
    const endpoint = this.#endpoint;
    span.setAttribute('gen_ai.provider.name', endpoint.provider);
    if (endpoint.address !== undefined) span.setAttribute('server.address', endpoint.address);
    if (endpoint.port !== undefined) span.setAttribute('server.port', endpoint.port);
  }

  #metricAttributes(responseModel: string | undefined): Attributes {
    const endpoint = this.#endpoint;
    const attributes: Attributes = {
      'gen_ai.operation.name': this.start.operation,
      'gen_ai.provider.name': endpoint.provider,
      'gen_ai.request.model': this.start.model,
    };
    if (responseModel !== undefined) attributes['gen_ai.response.model'] = responseModel;
    if (endpoint.address !== undefined) attributes['server.address'] = endpoint.address;
    if (endpoint.port !== undefined) attributes['server.port'] = endpoint.port;
    return attributes;
  }

  #seconds(): number {
    return (performance.now() - this.start.startedAt) / 1000;
  }
}
