import type { ChatCompletionCreateParams } from 'openai/resources/chat/completions';
import type { EmbeddingCreateParams } from 'openai/resources/embeddings';

/** One chat request the mock received, as recorded in `mock.calls`. */
export interface MockCall {
  /** The parsed request body. */
  body: ChatCompletionCreateParams;
  /** The request headers, names in lower case. */
  headers: Record<string, string>;
  /** The full request URL. */
  url: string;
  /** The HTTP method. */
  method: string;
  /** When the request arrived, in milliseconds from the mock's clock (`now`). */
  time: number;
  /** The deployment that received it (`mock.deployment(name)`); absent for the mock's own routes. */
  deployment?: string;
}

/** One embeddings request the mock received, as recorded in `mock.embeddingCalls`. */
export interface MockEmbeddingsCall extends Omit<MockCall, 'body'> {
  /** The parsed request body. */
  body: EmbeddingCreateParams;
}
