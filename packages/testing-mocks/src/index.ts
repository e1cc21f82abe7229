/**
 * `@bulwark/testing-mocks`: a fake OpenAI for tests, in process (`mock.fetch`)
 * or over HTTP on loopback (`startMockServer`), with scripted replies,
 * streams, failures, rate limits, seeded chaos and deterministic embeddings. The vitest helper
 * `useMockOpenAI` lives in `@bulwark/testing-mocks/vitest`.
 *
 * @module @bulwark/testing-mocks
 */
export { chatCompletion } from './builders/chat-completion.js';
export type {
  ChatCompletionChoicePartial,
  ChatCompletionPartial,
} from './builders/chat-completion.js';
export { chatChunk } from './builders/chat-chunk.js';
export type { ChatChunkChoicePartial, ChatChunkPartial } from './builders/chat-chunk.js';
export { toolCall } from './builders/tool-call.js';
export type { ToolCallInput } from './builders/tool-call.js';
export { DEFAULT_MODEL } from './builders/defaults.js';
export type { ChaosFault, ChaosOptions } from './chaos/chaos.js';
export type { MockBatches } from './batches/create-batch-api.js';
export type {
  MockBatchEndpoint,
  MockBatchOptions,
  MockBatchRow,
  MockBatchRowAnswer,
  MockHold,
  MockHoldPoint,
  MockStoredFile,
} from './batches/mock-batch-options.js';
export type { ReplySource, StreamOptions, TruncateOptions } from './engine/chat-behavior.js';
export type { ChatHandlerBuilder, ScriptTimes } from './engine/chat-handler-builder.js';
export type { ChatMatcher, ChatMatcherFields, ChatPredicate } from './engine/chat-matcher.js';
export { MockConnectionResetError } from './engine/connection-reset.js';
export { createMockOpenAI } from './engine/create-mock-openai.js';
export type { MockOpenAI, MockOpenAIOptions } from './engine/create-mock-openai.js';
export { DEFAULT_MODELS } from './engine/list-models.js';
export type { MockCall, MockEmbeddingsCall } from './engine/mock-call.js';
export type {
  EmbeddingsHandlerBuilder,
  EmbeddingsReplySource,
} from './engine/embeddings-handler-builder.js';
export type {
  EmbeddingsMatcher,
  EmbeddingsMatcherFields,
  EmbeddingsPredicate,
} from './engine/embeddings-matcher.js';
export type { FailOptions, OpenAIErrorBody } from './engine/openai-error.js';
export type { MockFetch } from './fetch/create-mock-fetch.js';
export type {
  MockDeployment,
  MockDeploymentOptions,
  MockDeploymentProvider,
} from './deployments/mock-deployment.js';
export { formatGoDuration } from './rate-limit/format-go-duration.js';
export type { RateLimitOptions } from './rate-limit/rate-limiter.js';
export { startMockServer } from './server/start-mock-server.js';
export type { MockServer, MockServerOptions } from './server/start-mock-server.js';
