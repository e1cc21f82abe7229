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
  /** Id of this result line (`batch_req_…`). */
  id: z.string(),
  /** The `custom_id` of the input row. */
  custom_id: z.string().min(1),
  /** The upstream's answer, or `null` when it never answered. */
  response: z
    .looseObject({
      /** HTTP status of the answer: 200 for a completion. */
      status_code: z.number().int(),
      /** The upstream's `x-request-id`, when known. */
      request_id: z.string().nullish(),
      /** The `ChatCompletion`, or OpenAI's error body. */
      body: z.unknown(),
    })
    .nullable(),
  /** Why the row failed, or `null` for a success. */
  error: z
    .looseObject({
      /** Machine-readable code, e.g. `rate_limit_exceeded`. */
      code: z.string().nullish(),
      /** Human-readable message (never the API key). */
      message: z.string().nullish(),
    })
    .nullable(),
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
