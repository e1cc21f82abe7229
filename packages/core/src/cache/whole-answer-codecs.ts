import type { UpstreamCompletion, UpstreamEmbeddings } from './response-cache.js';
import type { WholeAnswerCodec } from './whole-answer.js';

/**
 * How a chat completion is kept. Results are literals with their fields
 * named, not spread: Node 20 builds `{ ...answer, more }` on a slow path.
 */
export const COMPLETION_CODEC: WholeAnswerCodec<UpstreamCompletion> = {
  hit: (entry, key) =>
    entry.kind === 'completion'
      ? { completion: entry.completion, requestId: entry.requestId, outcome: 'hit', key }
      : undefined,
  entry: (answer) => ({ kind: 'completion', completion: answer.completion }),
  found: ({ completion, requestId }, outcome, key, copy) => ({
    completion: copy ? structuredClone(completion) : completion,
    requestId,
    outcome,
    key,
  }),
};

/** How an embeddings response is kept. */
export const EMBEDDINGS_CODEC: WholeAnswerCodec<UpstreamEmbeddings> = {
  hit: (entry, key) =>
    entry.kind === 'embeddings'
      ? { response: entry.response, requestId: entry.requestId, outcome: 'hit', key }
      : undefined,
  entry: (answer) => ({ kind: 'embeddings', response: answer.response }),
  found: ({ response, requestId }, outcome, key, copy) => ({
    response: copy ? structuredClone(response) : response,
    requestId,
    outcome,
    key,
  }),
};
