import { z } from 'zod';

/** The only endpoint `bulwark batch` runs, as OpenAI's Batch API names it. */
export const BATCH_CHAT_URL = '/v1/chat/completions';

/**
 * One line of a batch input file, in OpenAI's Batch API format:
 * `{"custom_id","method":"POST","url":"/v1/chat/completions","body"}`, where
 * `body` is a chat completion request. Unknown fields are kept.
 */
export const batchInputLineSchema = z.looseObject(
  {
    /** Your id of the row, unique in the file; the output line carries it back. */
    custom_id: z
      .string({ error: 'custom_id is missing or not a string' })
      .min(1, { error: 'custom_id is empty' }),
    /** Always `POST`. */
    method: z.literal('POST', { error: 'method must be "POST"' }),
    /** Always `/v1/chat/completions`. */
    url: z.literal(BATCH_CHAT_URL, { error: `url must be "${BATCH_CHAT_URL}"` }),
    /** The chat completion request, as `client.chat.completions.create()` takes it. */
    body: z.record(z.string(), z.unknown(), { error: 'body must be a JSON object' }),
  },
  { error: 'not a JSON object' },
);

/** One line of a batch input file; see {@link batchInputLineSchema}. */
export type BatchInputLine = z.infer<typeof batchInputLineSchema>;
