import { z } from 'zod';
import { chatMessageSchema } from './chat-message-schema.js';
import { chatToolSchema, responseFormatSchema } from './chat-tool-schemas.js';
import { DEFAULT_VALIDATION_LIMITS, type ValidationLimits } from './validation-limits.js';

const positiveInteger = z.number().int().min(1);

/**
 * Builds the zod schema of a chat completion request: roles and their
 * content parts, tool definitions and tool calls, numeric ranges
 * (`temperature` 0–2, `top_p` 0–1, penalties −2–2, `n` ≥ 1, token limits > 0),
 * the types of the newer fields (`parallel_tool_calls`, `reasoning_effort`,
 * `stream_options`, `store`, `metadata`, `service_tier`, `prediction`,
 * `modalities`, a `json_schema` response format's `schema` and `strict`),
 * and the size bounds of `limits`. Fields it does not know pass through
 * unchanged, and so do values of open sets (a new `reasoning_effort` or
 * `service_tier`), so new API parameters keep working. Text content comes out with
 * non-whitespace control characters stripped.
 *
 * @param limits - size bounds; each defaults to {@link DEFAULT_VALIDATION_LIMITS}.
 * @returns the schema.
 */
export function createChatRequestSchema(limits: ValidationLimits = {}) {
  const bounds = validationBounds(limits);
  return z
    .looseObject({
      /** The model; the client's default when absent. */
      model: z.string().min(1).optional(),
      /** The conversation, at least one message. */
      messages: z
        .array(chatMessageSchema)
        .min(1, { error: 'at least one message is required' })
        .max(bounds.maxMessages, { error: `at most ${bounds.maxMessages} messages are allowed` }),
      /** Sampling temperature, 0–2. */
      temperature: z.number().min(0).max(2).nullish(),
      /** Nucleus sampling, 0–1. */
      top_p: z.number().min(0).max(1).nullish(),
      /** Choices to generate, 1–128. */
      n: positiveInteger.max(128).nullish(),
      /** Completion token limit (older models). */
      max_tokens: positiveInteger.nullish(),
      /** Completion token limit, reasoning tokens included. */
      max_completion_tokens: positiveInteger.nullish(),
      /** −2–2: positive values favour new topics. */
      presence_penalty: z.number().min(-2).max(2).nullish(),
      /** −2–2: positive values discourage repetition. */
      frequency_penalty: z.number().min(-2).max(2).nullish(),
      /** Most likely tokens to return per position, 0–20. */
      top_logprobs: z.number().int().min(0).max(20).nullish(),
      /** Seed for best-effort deterministic sampling (makes a request cacheable). */
      seed: z.number().int().nullish(),
      /** Up to 4 sequences that end the completion. */
      stop: z.union([z.string(), z.array(z.string()).max(4)]).nullish(),
      /** Answer as a stream of chunks. */
      stream: z.boolean().nullish(),
      /** Tools the model may call, at most 128. */
      tools: z.array(chatToolSchema).max(128).optional(),
      /** Text, JSON mode or structured outputs. */
      response_format: responseFormatSchema.optional(),
      /** Whether the model may call several tools at once. */
      parallel_tool_calls: z.boolean().nullish(),
      /** How hard a reasoning model thinks (`low`, `medium`, `high`, …: new values pass). */
      reasoning_effort: z.string().min(1).nullish(),
      /** Stream settings (`include_usage`, `include_obfuscation`, …). */
      stream_options: z
        .looseObject({
          include_usage: z.boolean().nullish(),
          include_obfuscation: z.boolean().nullish(),
        })
        .nullish(),
      /** Keep the completion for distillation or evals. */
      store: z.boolean().nullish(),
      /** Up to 16 string pairs, keys ≤ 64 and values ≤ 512 characters. */
      metadata: z
        .record(z.string().max(64), z.string().max(512))
        .refine((pairs) => Object.keys(pairs).length <= 16, { error: 'at most 16 pairs' })
        .nullish(),
      /** The processing tier (`auto`, `default`, `flex`, `priority`, …: new values pass). */
      service_tier: z.string().min(1).nullish(),
      /** Predicted output, to speed up a mostly known answer. */
      prediction: z.looseObject({ type: z.string().min(1) }).nullish(),
      /** Output types (`text`, `audio`). */
      modalities: z.array(z.string().min(1)).nullish(),
    })
    .superRefine((request, context) => {
      let total = 0;
      request.messages.forEach((entry, index) => {
        const length = textLength(entry.content);
        total += length;
        if (length > bounds.maxMessageLength) {
          context.addIssue({
            code: 'custom',
            path: ['messages', index, 'content'],
            message: `at most ${bounds.maxMessageLength} characters of text per message`,
          });
        }
      });
      if (total > bounds.maxTotalLength) {
        context.addIssue({
          code: 'custom',
          path: ['messages'],
          message: `at most ${bounds.maxTotalLength} characters of text per request`,
        });
      }
    });
}

function textLength(content: unknown): number {
  if (typeof content === 'string') return content.length;
  if (!Array.isArray(content)) return 0;
  return content.reduce<number>(
    (sum, part: { text?: unknown }) => sum + (typeof part.text === 'string' ? part.text.length : 0),
    0,
  );
}

/**
 * The size bounds of `limits`, each defaulting to {@link DEFAULT_VALIDATION_LIMITS}.
 *
 * @param limits - the bounds set.
 * @returns every bound.
 */
export function validationBounds(limits: ValidationLimits = {}): typeof DEFAULT_VALIDATION_LIMITS {
  const set = Object.entries(limits).filter(([, value]) => value !== undefined);
  return Object.fromEntries([
    ...Object.entries(DEFAULT_VALIDATION_LIMITS),
    ...set,
  ]) as typeof DEFAULT_VALIDATION_LIMITS;
}
