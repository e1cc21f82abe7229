import type { CreateEmbeddingResponse, EmbeddingCreateParams } from 'openai/resources/embeddings';
import type { UpstreamEmbeddings } from '../cache/response-cache.js';
import { runHooks } from '../hooks/run-hooks.js';
import { EMBEDDINGS_PATH } from './attempt-request.js';
import { cacheLookupEvents } from './cache-lookup-events.js';
import { callerScope, openJson } from './json-kind.js';
import type { CallKind } from './call-kind.js';
import { CACHED_CALL_USAGE } from './cached-call-usage.js';
import { createEmbeddingRateLimit } from './create-embedding-rate-limit.js';
import { measureEmbeddingUsage } from './measure-embedding-usage.js';
import { prepareEmbeddingCall } from './prepare-embedding-call.js';
import { reportCallInfo } from './report-call-info.js';
import { withRequestId } from './with-request-id.js';

function isEmbeddingResponse(body: unknown): body is CreateEmbeddingResponse {
  return (
    typeof body === 'object' && body !== null && Array.isArray((body as { data?: unknown }).data)
  );
}

/**
 * An embeddings call (`POST /embeddings`): the same path as a chat
 * completion, with its own request schema and preflight, its own hooks,
 * and its own cache policy (every request cached: embeddings are
 * deterministic). An attempt has succeeded once its JSON is parsed; the
 * lease is released at once with the answer's `usage` (input tokens only:
 * there is no output).
 */
export const embeddingKind: CallKind<
  UpstreamEmbeddings,
  UpstreamEmbeddings,
  CreateEmbeddingResponse,
  EmbeddingCreateParams,
  EmbeddingCreateParams
> = {
  operation: 'embeddings',
  path: EMBEDDINGS_PATH,
  stream: false,
  prepare: prepareEmbeddingCall,
  body: (request, model) => {
    if (model === request.model) return request;
    // A spread (the caller's keys copied as data), then a field it has: both fast.
    const body = { ...request };
    body.model = model;
    return body;
  },
  rateLimit: createEmbeddingRateLimit,

  scope: callerScope,

  open: (response) => ({
    response: openJson(response, isEmbeddingResponse, 'embeddings'),
    requestId: response.requestId,
  }),

  finish(opened, lease) {
    lease.release(opened.response.usage);
    return opened;
  },

  lookup: (cache, { runtime, call, scope, facts }, options, upstream) =>
    cache.embed(
      call.request,
      {
        mode: options.mode,
        signal: scope.signal,
        onLookup: cacheLookupEvents(runtime, call, false, facts),
      },
      upstream,
    ),

  async deliver(answer, settlement, { runtime, call, facts }) {
    const { options } = runtime;
    const fromCache = answer.outcome === 'hit' || answer.outcome === 'coalesced';
    const hooks = options.hooks.afterEmbeddings;
    const response =
      hooks.length === 0
        ? answer.response
        : await runHooks('afterEmbeddings', hooks, answer.response, {
            callId: call.callId,
            signal: call.signal,
          });
    let usage = CACHED_CALL_USAGE;
    if (!fromCache) {
      const measured = measureEmbeddingUsage(response.usage, call);
      usage = measured instanceof Promise ? await measured : measured;
    }
    withRequestId(response, answer.requestId);
    settlement.succeed(
      usage,
      answer.requestId,
      call.trace.active ? { id: undefined, model: response.model, finishReasons: [] } : undefined,
    );
    reportCallInfo(call.onCallInfo, answer, facts, options.logger);
    return response;
  },
};
