import type { CreateEmbeddingResponse, EmbeddingCreateParams } from 'openai/resources/embeddings';
import { countTextTokens } from '../tokens/count-tokens.js';
import { toBase64 } from './embedding-vector.js';
import type { EmbeddingInputList } from './parse-embedding-request.js';

/**
 * The tokens of each input, as OpenAI counts them for `usage.prompt_tokens`:
 * a text with the model's tokenizer, a token array by its length.
 * @internal
 */
export function inputTokens(inputs: EmbeddingInputList, model: string): number[] {
  return inputs.map((input) =>
    typeof input === 'string' ? countTextTokens(input, model) : input.length,
  );
}

/**
 * OpenAI's `CreateEmbeddingResponse` for vectors: each as an array of
 * float32 values, or with `encoding_format: 'base64'` as the base64 text of
 * its little-endian float32 bytes; `usage` with the input's tokens.
 * @internal
 */
export function embeddingsReply(
  body: EmbeddingCreateParams,
  vectors: readonly Float32Array[],
  promptTokens: number,
): Response {
  const base64 = body.encoding_format === 'base64';
  const response = {
    object: 'list' as const,
    data: vectors.map((vector, index) => ({
      object: 'embedding' as const,
      index,
      embedding: base64 ? toBase64(vector) : Array.from(vector),
    })),
    model: body.model,
    usage: { prompt_tokens: promptTokens, total_tokens: promptTokens },
  } satisfies Omit<CreateEmbeddingResponse, 'data'> & { data: unknown[] };
  return new Response(JSON.stringify(response), {
    status: 200,
    headers: { 'content-type': 'application/json' },
  });
}
