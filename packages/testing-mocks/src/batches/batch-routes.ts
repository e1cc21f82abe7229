import { createId } from '../builders/create-id.js';
import { openAIErrorResponse } from '../engine/openai-error.js';
import { toBatchObject, type BatchRecord } from './batch-record.js';
import type { MockStoredFile } from './mock-batch-options.js';

/** The endpoints a batch may target (`CreateBatchRequest.endpoint`). */
const ENDPOINTS = new Set([
  '/v1/responses',
  '/v1/chat/completions',
  '/v1/embeddings',
  '/v1/completions',
  '/v1/moderations',
]);
/** How long a batch may take, in seconds: the only `completion_window`, `24h`. */
const WINDOW_SECONDS = 24 * 60 * 60;

function invalid(message: string, param: string): Response {
  return openAIErrorResponse(400, { message, param, code: 'invalid_value' });
}

function metadataProblem(metadata: unknown): string | undefined {
  if (metadata === undefined || metadata === null) return undefined;
  if (typeof metadata !== 'object' || Array.isArray(metadata)) return 'must be an object';
  const entries = Object.entries(metadata);
  if (entries.length > 16) return 'has more than 16 keys';
  for (const [key, value] of entries) {
    if (key.length > 64) return `key ${JSON.stringify(key)} is longer than 64 characters`;
    if (typeof value !== 'string') return `value of ${JSON.stringify(key)} is not a string`;
    if (value.length > 512) return `value of ${JSON.stringify(key)} is longer than 512 characters`;
  }
  return undefined;
}

/**
 * `POST /batches`: checks the request as OpenAI does (an uploaded `batch`
 * file, a supported endpoint, `24h`, metadata within limits) and creates a
 * batch in `validating`.
 * @internal
 */
export async function createBatch(
  request: Request,
  files: ReadonlyMap<string, MockStoredFile>,
  nowSeconds: number,
): Promise<BatchRecord | Response> {
  let body: Record<string, unknown>;
  try {
    const value: unknown = await request.json();
    if (typeof value !== 'object' || value === null) throw new Error('not an object');
    body = value as Record<string, unknown>;
  } catch {
    return openAIErrorResponse(400, { message: 'The body must be a JSON object.' });
  }
  const inputFileId = body['input_file_id'];
  const file = typeof inputFileId === 'string' ? files.get(inputFileId) : undefined;
  if (file === undefined || typeof inputFileId !== 'string') {
    return invalid(`No such File object: ${String(inputFileId)}`, 'input_file_id');
  }
  if (file.purpose !== 'batch') {
    return invalid('The input file must be uploaded with purpose "batch".', 'input_file_id');
  }
  const endpoint = body['endpoint'];
  if (typeof endpoint !== 'string' || !ENDPOINTS.has(endpoint)) {
    return invalid(`Invalid endpoint ${JSON.stringify(endpoint)}.`, 'endpoint');
  }
  if (body['completion_window'] !== '24h') {
    return invalid("Invalid completion_window: only '24h' is supported.", 'completion_window');
  }
  const problem = metadataProblem(body['metadata']);
  if (problem !== undefined) return invalid(`Invalid metadata: ${problem}.`, 'metadata');
  return {
    id: createId('batch_', 24),
    endpoint,
    input_file_id: inputFileId,
    completion_window: '24h',
    metadata: (body['metadata'] as Record<string, string> | undefined) ?? null,
    status: 'validating',
    times: { created_at: nowSeconds, expires_at: nowSeconds + WINDOW_SECONDS },
    rows: [],
    done: 0,
    completed: 0,
    failed: 0,
    outputLines: [],
    errorLines: [],
    steps: 0,
  };
}

/** `GET /batches?after=&limit=`: newest first, `limit` 1–100 (default 20). @internal */
export function listBatches(url: URL, batches: readonly BatchRecord[]): Response {
  const limitText = url.searchParams.get('limit');
  const limit = limitText === null ? 20 : Number(limitText);
  if (!Number.isInteger(limit) || limit < 1 || limit > 100) {
    return invalid('limit must be an integer between 1 and 100.', 'limit');
  }
  const newestFirst = [...batches].reverse();
  const after = url.searchParams.get('after');
  const start = after === null ? 0 : newestFirst.findIndex((batch) => batch.id === after) + 1;
  const page = newestFirst.slice(start, start + limit);
  const first = page[0];
  const last = page.at(-1);
  return Response.json({
    object: 'list',
    data: page.map(toBatchObject),
    ...(first === undefined ? {} : { first_id: first.id }),
    ...(last === undefined ? {} : { last_id: last.id }),
    has_more: start + limit < newestFirst.length,
  });
}

/** `POST /batches/{id}/cancel`: `cancelling` (then `cancelled` on the next step). @internal */
export function cancelBatch(record: BatchRecord, nowSeconds: number): Response {
  if (
    record.status === 'validating' ||
    record.status === 'in_progress' ||
    record.status === 'finalizing'
  ) {
    record.status = 'cancelling';
    record.times.cancelling_at = nowSeconds;
  } else if (record.status !== 'cancelling') {
    return openAIErrorResponse(409, {
      message: `Cannot cancel a batch with status ${record.status}.`,
    });
  }
  return Response.json(toBatchObject(record));
}
