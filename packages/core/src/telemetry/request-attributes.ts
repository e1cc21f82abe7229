import type { Attributes } from '@opentelemetry/api';

/**
 * The parts of a chat or embeddings request a span reads (as the caller
 * sent them, before validation).
 */
export interface TracedRequest {
  readonly model?: unknown;
  readonly encoding_format?: unknown;
  readonly dimensions?: unknown;
  readonly max_tokens?: unknown;
  readonly max_completion_tokens?: unknown;
  readonly temperature?: unknown;
  readonly top_p?: unknown;
  readonly frequency_penalty?: unknown;
  readonly presence_penalty?: unknown;
  readonly seed?: unknown;
  readonly n?: unknown;
  readonly stop?: unknown;
  readonly messages?: unknown;
}

const NUMERIC: readonly [keyof TracedRequest, string][] = [
  ['temperature', 'gen_ai.request.temperature'],
  ['top_p', 'gen_ai.request.top_p'],
  ['frequency_penalty', 'gen_ai.request.frequency_penalty'],
  ['presence_penalty', 'gen_ai.request.presence_penalty'],
  ['seed', 'gen_ai.request.seed'],
];

/**
 * The `gen_ai.request.*` attributes of a call's span (GenAI semantic
 * conventions): operation, model, output bound (`max_completion_tokens`,
 * else `max_tokens`), sampling settings, choice count and stop sequences;
 * the prompt (`gen_ai.input.messages`) only when content recording is on.
 * An embeddings call has its operation, model, `encoding_format`
 * (`gen_ai.request.encoding_formats`) and `dimensions`
 * (`gen_ai.embeddings.dimension.count`); its inputs are never recorded.
 *
 * @param operation - `chat` or `embeddings`.
 * @param model - the model asked for.
 * @param request - the caller's request.
 * @param recordContent - whether prompts may be recorded.
 */
export function requestAttributes(
  operation: 'chat' | 'embeddings',
  model: string,
  request: TracedRequest,
  recordContent: boolean,
): Attributes {
  const attributes: Attributes = {
    'gen_ai.operation.name': operation,
    'gen_ai.request.model': model,
  };
  if (operation === 'embeddings') {
    const format = request.encoding_format;
    if (typeof format === 'string') attributes['gen_ai.request.encoding_formats'] = [format];
    const { dimensions } = request;
    if (typeof dimensions === 'number') {
      attributes['gen_ai.embeddings.dimension.count'] = dimensions;
    }
    return attributes;
  }
  const maxTokens = request.max_completion_tokens ?? request.max_tokens;
  if (typeof maxTokens === 'number') attributes['gen_ai.request.max_tokens'] = maxTokens;
  for (const [field, name] of NUMERIC) {
    const value = request[field];
    if (typeof value === 'number') attributes[name] = value;
  }
  if (typeof request.n === 'number' && request.n !== 1) {
    attributes['gen_ai.request.choice.count'] = request.n;
  }
  const { stop } = request;
  if (typeof stop === 'string') attributes['gen_ai.request.stop_sequences'] = [stop];
  else if (Array.isArray(stop) && stop.every((item) => typeof item === 'string')) {
    attributes['gen_ai.request.stop_sequences'] = stop as string[];
  }
  if (recordContent && request.messages !== undefined) {
    attributes['gen_ai.input.messages'] = JSON.stringify(request.messages);
  }
  return attributes;
}
