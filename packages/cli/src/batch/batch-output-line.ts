import { z } from 'zod';

/**
 * One line of a batch output file, in OpenAI's Batch API format:
 * `{"id","custom_id","response":{"status_code","request_id","body"},"error"}`.
 * A success has `response.status_code` 200 and the `ChatCompletion` as
 * `body`, and `error: null`. A failure has `error: {code, message}`, and a
 * `response` carrying the upstream status and OpenAI's error body when the
 * upstream answered, `null` when it never did (network, timeout, breaker).
 * Parsing is lenient about extra fields, so files written by OpenAI's own
 * Batch API read back too.
 */
export const batchOutputLineSchema = z.looseObject({
  id: z.string(),
  custom_id: z.string().min(1),
  response: z
    .looseObject({
      status_code: z.number().int(),
      request_id: z.string().nullish(),
      body: z.unknown(),
    })
    .nullable(),
  error: z.looseObject({ code: z.string().nullish(), message: z.string().nullish() }).nullable(),
});

/** One line of a batch output file; see {@link batchOutputLineSchema}. */
export type BatchOutputLine = z.infer<typeof batchOutputLineSchema>;

/**
 * Tells whether an output line records a failure: an `error`, a missing
 * response, or a response status of 400 or more.
 *
 * @param line - a parsed output line.
 */
export function isFailedOutputLine(line: BatchOutputLine): boolean {
  return line.error !== null || line.response === null || line.response.status_code >= 400;
}
