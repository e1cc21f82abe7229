import { randomBytes } from 'node:crypto';
import { isBulwarkError } from '@bulwark/core';
import type { BatchOutputLine } from './batch-output-line.js';

/** How one row ended: its completion, or the error it failed with. */
export type BatchRowOutcome =
  | {
      /** The `ChatCompletion` the row produced. */
      completion: object;
    }
  | {
      /** What the row failed with (a `BulwarkError` or anything thrown). */
      error: unknown;
    };

/**
 * Builds the output line of a row from its outcome (OpenAI's Batch API
 * output format). A completion becomes `response: {status_code: 200,
 * request_id, body}` with `error: null`. An error becomes
 * `error: {code, message}`, plus a `response` with the upstream status and
 * an OpenAI-shaped error body when the upstream answered (`null` otherwise).
 * `code` is the one the upstream's answer carried when it had one (a Bulwark
 * gateway's `caller_rate_limit_exceeded`, `budget_exceeded`, `circuit_open`,
 * `model_not_allowed`), else the Bulwark error's own.
 *
 * @param customId - the row's `custom_id`.
 * @param outcome - its completion or error.
 */
export function toBatchOutputLine(customId: string, outcome: BatchRowOutcome): BatchOutputLine {
  const id = `batch_req_${randomBytes(12).toString('hex')}`;
  if ('completion' in outcome) {
    return {
      id,
      custom_id: customId,
      response: {
        status_code: 200,
        request_id: requestIdOf(outcome.completion),
        body: outcome.completion,
      },
      error: null,
    };
  }
  const { error } = outcome;
  // The upstream's (or a gateway's) own code, e.g. `caller_rate_limit_exceeded`, not core's class.
  const code = isBulwarkError(error) ? (error.upstreamCode ?? error.code) : 'internal_error';
  const status = isBulwarkError(error) ? error.status : undefined;
  // The SDK prefixes upstream messages with the status ("400 bad row"); OpenAI's body has none.
  const raw = error instanceof Error ? error.message : String(error);
  const message =
    status !== undefined && raw.startsWith(`${status} `) ? raw.slice(`${status} `.length) : raw;
  const param = isBulwarkError(error) ? (error.param ?? null) : null;
  return {
    id,
    custom_id: customId,
    response:
      status === undefined
        ? null
        : {
            status_code: status,
            request_id: isBulwarkError(error) ? (error.requestId ?? null) : null,
            body: { error: { message, type: errorType(status), param, code } },
          },
    error: { code, message },
  };
}

/** The SDK puts the upstream `x-request-id` on responses as a hidden `_request_id`. */
function requestIdOf(completion: object): string | null {
  const value: unknown = (completion as { _request_id?: unknown })._request_id;
  return typeof value === 'string' ? value : null;
}

function errorType(status: number): string {
  if (status === 401) return 'authentication_error';
  if (status === 403) return 'permission_error';
  if (status === 429) return 'rate_limit_error';
  return status >= 500 ? 'server_error' : 'invalid_request_error';
}
