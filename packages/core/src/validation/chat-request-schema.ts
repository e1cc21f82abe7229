import { z } from 'zod';
import { stripControlCharacters } from './strip-control-characters.js';
import { DEFAULT_VALIDATION_LIMITS, type ValidationLimits } from './validation-limits.js';

// A check that rewrites the value, not a transform: no pipe to run for every text.
const text = z.string().overwrite(stripControlCharacters);
const textPart = z.looseObject({ type: z.literal('text'), text });
const imagePart = z.looseObject({
  type: z.literal('image_url'),
  image_url: z.looseObject({
    url: z.string().min(1),
    detail: z.enum(['auto', 'low', 'high']).optional(),
  }),
});
const audioPart = z.looseObject({
  type: z.literal('input_audio'),
  input_audio: z.looseObject({ data: z.string().min(1), format: z.enum(['wav', 'mp3']) }),
});
const filePart = z.looseObject({
  type: z.literal('file'),
  file: z.looseObject({
    file_data: z.string().optional(),
    file_id: z.string().optional(),
    filename: z.string().optional(),
  }),
});
const refusalPart = z.looseObject({ type: z.literal('refusal'), refusal: z.string() });

const textContent = z.union([text, z.array(textPart).min(1)]);
const userContent = z.union([
  text,
  z.array(z.discriminatedUnion('type', [textPart, imagePart, audioPart, filePart])).min(1),
]);
const assistantContent = z.union([
  text,
  z.array(z.discriminatedUnion('type', [textPart, refusalPart])),
]);
const name = z.string().min(1).max(64).optional();

const toolCall = z.discriminatedUnion('type', [
  z.looseObject({
    id: z.string().min(1),
    type: z.literal('function'),
    function: z.looseObject({ name: z.string().min(1), arguments: z.string() }),
  }),
  z.looseObject({
    id: z.string().min(1),
    type: z.literal('custom'),
    custom: z.looseObject({ name: z.string().min(1), input: z.string() }),
  }),
]);

const message = z.discriminatedUnion('role', [
  z.looseObject({
    /** A system message. */
    role: z.literal('system'),
    /** Its text. */
    content: textContent,
    /** An optional participant name. */
    name,
  }),
  z.looseObject({
    /** A developer message (system instructions for reasoning models). */
    role: z.literal('developer'),
    /** Its text. */
    content: textContent,
    /** An optional participant name. */
    name,
  }),
  z.looseObject({
    /** A user message. */
    role: z.literal('user'),
    /** Text, or text, image, audio and file parts. */
    content: userContent,
    /** An optional participant name. */
    name,
  }),
  z
    .looseObject({
      role: z.literal('assistant'),
      content: assistantContent.nullish(),
      name,
      refusal: z.string().nullish(),
      tool_calls: z.array(toolCall).optional(),
    })
    .refine(
      (value) =>
        value.content != null ||
        (value.tool_calls?.length ?? 0) > 0 ||
        value['function_call'] != null ||
        value['audio'] != null,
      { message: 'an assistant message needs content or tool_calls', path: ['content'] },
    ),
  z.looseObject({ role: z.literal('tool'), content: textContent, tool_call_id: z.string().min(1) }),
  z.looseObject({ role: z.literal('function'), content: z.string().nullable(), name: z.string() }),
]);

const tool = z.discriminatedUnion('type', [
  z.looseObject({
    /** A function tool. */
    type: z.literal('function'),
    /** The function the model may call. */
    function: z.looseObject({
      /** 1–64 letters, digits, underscores or dashes. */
      name: z.string().regex(/^[a-zA-Z0-9_-]{1,64}$/, {
        error: 'must be 1–64 letters, digits, underscores or dashes',
      }),
      /** What the function does, for the model. */
      description: z.string().optional(),
      /** JSON Schema of the arguments. */
      parameters: z.record(z.string(), z.unknown()).optional(),
      /** Require arguments that match `parameters` exactly. */
      strict: z.boolean().nullish(),
    }),
  }),
  z.looseObject({
    /** A custom tool (free-form input). */
    type: z.literal('custom'),
    /** The custom tool. */
    custom: z.looseObject({
      /** Its name. */
      name: z.string().min(1),
      /** What it does, for the model. */
      description: z.string().optional(),
    }),
  }),
]);

const responseFormat = z.discriminatedUnion('type', [
  z.looseObject({
    /** Plain text (the default). */
    type: z.literal('text'),
  }),
  z.looseObject({
    /** JSON mode: the answer is a JSON object. */
    type: z.literal('json_object'),
  }),
  z.looseObject({
    /** Structured outputs: the answer matches `json_schema`. */
    type: z.literal('json_schema'),
    /** The schema and its name. */
    json_schema: z.looseObject({
      /** Name of the schema. */
      name: z.string().min(1),
    }),
  }),
]);

const positiveInteger = z.number().int().min(1);

/**
 * Builds the zod schema of a chat completion request: roles and their
 * content parts, tool definitions and tool calls, numeric ranges
 * (`temperature` 0–2, `top_p` 0–1, penalties −2–2, `n` ≥ 1, token limits > 0),
 * and the size bounds of `limits`. Fields it does not know pass through
 * unchanged, so new API parameters keep working. Text content comes out with
 * non-whitespace control characters stripped.
 *
 * @param limits - size bounds; each defaults to {@link DEFAULT_VALIDATION_LIMITS}.
 * @returns the schema.
 */
export function createChatRequestSchema(limits: ValidationLimits = {}) {
  const bounds = { ...DEFAULT_VALIDATION_LIMITS, ...definedOnly(limits) };
  return z
    .looseObject({
      /** The model; the client's default when absent. */
      model: z.string().min(1).optional(),
      /** The conversation, at least one message. */
      messages: z
        .array(message)
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
      tools: z.array(tool).max(128).optional(),
      /** Text, JSON mode or structured outputs. */
      response_format: responseFormat.optional(),
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

function definedOnly(limits: ValidationLimits): Partial<Record<keyof ValidationLimits, number>> {
  return Object.fromEntries(Object.entries(limits).filter(([, value]) => value !== undefined));
}
