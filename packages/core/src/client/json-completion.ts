import type {
  ChatCompletionCreateParamsNonStreaming,
  ChatCompletionMessageParam,
} from 'openai/resources/chat/completions';
import { z } from 'zod';
import { SchemaMismatchError } from '../errors/errors.js';
import type { CallOptions, ChatCompletions, ChatRequest } from './chat-completions.js';

/** Parameters of `client.json()`: a non-streaming request plus the schema of the answer. */
export type JsonRequest<Schema extends z.ZodType> = Omit<
  ChatRequest<ChatCompletionCreateParamsNonStreaming>,
  'response_format' | 'stream' | 'n'
> & {
  /** The zod schema the answer must match. */
  schema: Schema;
  /**
   * Corrective re-asks after an answer that is not JSON or fails the schema:
   * the model gets its answer back with the problems and is asked again.
   * @default 1
   */
  repairAttempts?: number | undefined;
};

/** `client.json()`. */
export type JsonCompletion = <Schema extends z.ZodType>(
  request: JsonRequest<Schema>,
  options?: CallOptions,
) => Promise<z.output<Schema>>;

/**
 * Builds `client.json()`: JSON mode (`response_format: { type: 'json_object' }`)
 * with the answer parsed and validated against a zod schema. The request
 * gets a system message with the schema as JSON Schema (when zod can express
 * it), which also satisfies JSON mode's rule that the prompt mentions JSON.
 * An answer that is not JSON, or fails the schema, is sent back once (see
 * `repairAttempts`) with the problems and a request to correct it.
 *
 * @param completions - `client.chat.completions`.
 * @throws {@link SchemaMismatchError} with the last answer as `rawText` when no answer fits.
 */
export function createJsonCompletion(completions: ChatCompletions): JsonCompletion {
  return async (request, options) => {
    const { schema, repairAttempts = 1, messages, ...params } = request;
    const conversation: ChatCompletionMessageParam[] = [instruction(schema), ...messages];
    for (let attempt = 0; ; attempt += 1) {
      const body = { ...params } as ChatCompletionCreateParamsNonStreaming;
      body.messages = conversation;
      body.response_format = { type: 'json_object' };
      const completion = await completions.create(body, options);
      const rawText = completion.choices[0]?.message.content ?? '';
      const outcome = parse(schema, rawText);
      if (outcome.success) return outcome.data;
      if (attempt >= repairAttempts) {
        throw new SchemaMismatchError({
          message: `The answer did not match the schema: ${outcome.issues
            .map((issue) => `${issue.path || '(root)'}: ${issue.message}`)
            .join('; ')}`,
          rawText,
          issues: outcome.issues,
          requestId: undefined,
        });
      }
      conversation.push(
        { role: 'assistant', content: rawText },
        {
          role: 'user',
          content: `Your answer was not valid: ${outcome.issues
            .map((issue) => `${issue.path || '(root)'}: ${issue.message}`)
            .join('; ')}. Answer again with only the corrected JSON object.`,
        },
      );
    }
  };
}

type ParseOutcome<T> =
  { success: true; data: T } | { success: false; issues: { path: string; message: string }[] };

function parse<Schema extends z.ZodType>(
  schema: Schema,
  text: string,
): ParseOutcome<z.output<Schema>> {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return { success: false, issues: [{ path: '', message: 'the answer is not valid JSON' }] };
  }
  const result = schema.safeParse(value);
  if (result.success) return { success: true, data: result.data };
  return {
    success: false,
    issues: result.error.issues.map((issue) => ({
      path: issue.path.map(String).join('.'),
      message: issue.message,
    })),
  };
}

function instruction(schema: z.ZodType): ChatCompletionMessageParam {
  let description = '';
  try {
    description = ` matching this JSON Schema: ${JSON.stringify(z.toJSONSchema(schema, { io: 'input' }))}`;
  } catch {
    // Schemas with transforms or custom checks have no JSON Schema form; the validation still applies.
  }
  return { role: 'system', content: `Answer with a single JSON object${description}.` };
}
