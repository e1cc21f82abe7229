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
    custom_id: z
      .string({ error: 'custom_id is missing or not a string' })
      .min(1, { error: 'custom_id is empty' }),
    method: z.literal('POST', { error: 'method must be "POST"' }),
    url: z.literal(BATCH_CHAT_URL, { error: `url must be "${BATCH_CHAT_URL}"` }),
    body: z.record(z.string(), z.unknown(), { error: 'body must be a JSON object' }),
  },
  { error: 'not a JSON object' },
);

/** One line of a batch input file; see {@link batchInputLineSchema}. */
export type BatchInputLine = z.infer<typeof batchInputLineSchema>;
