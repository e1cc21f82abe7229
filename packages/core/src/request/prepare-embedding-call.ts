import type { EmbeddingCreateParams } from 'openai/resources/embeddings';
import type { CallOptions } from '../client/chat-completions.js';
import { runHooks } from '../hooks/run-hooks.js';
import { findModel } from '../models/find-model.js';
import { createEmbeddingRequestSchema } from '../validation/embedding-request-schema.js';
import { validateChatRequest } from '../validation/validate-chat-request.js';
import { checkCallStart } from './check-call-start.js';
import { embeddingPreflight } from './embedding-preflight.js';
import { Call } from './prepared-call.js';
import type { ClientRuntime, PreparedCall } from './runtime.js';

// Built on the first embeddings call: a client that never embeds never builds it.
let schema: ReturnType<typeof createEmbeddingRequestSchema> | undefined;

function validate(request: unknown): EmbeddingCreateParams {
  schema ??= createEmbeddingRequestSchema();
  return validateChatRequest(schema, request) as EmbeddingCreateParams;
}

/**
 * Steps 1 and 2 of the request path for embeddings: the same checks as a
 * chat call (closed client, aborted signal, `timeoutMs`); the embeddings
 * schema; for a known model the preflight (no input above the model's
 * limit, no `dimensions` above its vectors); the `beforeEmbeddings` hooks,
 * whose result is validated again; the route's deployments. No I/O.
 *
 * @param runtime - what the client's calls share.
 * @param params - the caller's request.
 * @param callOptions - the caller's per-call options.
 * @param call - the call's id, start time and signal.
 * @throws {@link ValidationError}, {@link ContextLengthExceededError}, {@link HookError} or {@link AbortError}.
 */
export async function prepareEmbeddingCall(
  runtime: ClientRuntime,
  params: EmbeddingCreateParams,
  callOptions: CallOptions,
  call: Pick<PreparedCall, 'callId' | 'startedAt' | 'signal' | 'trace'>,
): Promise<PreparedCall<EmbeddingCreateParams>> {
  checkCallStart(runtime, callOptions, call.signal);
  let request = validate(params);
  const { options } = runtime;
  let modelInfo = findModel(options.models, request.model);
  const checked = modelInfo === undefined ? undefined : embeddingPreflight(request, modelInfo);
  // Awaited only while the tokenizer loads: the first calls of the process.
  let countPrompt = checked instanceof Promise ? await checked : checked;
  const hooks = options.hooks.beforeEmbeddings;
  if (hooks.length > 0) {
    request = validate(
      await runHooks('beforeEmbeddings', hooks, request, {
        callId: call.callId,
        signal: call.signal,
      }),
    );
    modelInfo = findModel(options.models, request.model);
    const rechecked = modelInfo === undefined ? undefined : embeddingPreflight(request, modelInfo);
    countPrompt = rechecked instanceof Promise ? await rechecked : rechecked;
  }
  const chain = runtime.router.chain(request.model);
  return new Call(call, request, modelInfo, countPrompt, callOptions, chain);
}
