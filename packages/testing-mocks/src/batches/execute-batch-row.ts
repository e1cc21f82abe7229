import { createId } from '../builders/create-id.js';
import { openAIErrorBody } from '../engine/openai-error.js';
import type { RowAnswer } from './advance-batch.js';

/**
 * Runs one batch row through the mock's own engine (`handle`), as if it had
 * been sent on its own: scripted replies and failures apply, and a scripted
 * failure becomes the row's error. A reset connection counts as a 500.
 * @internal
 */
export async function executeBatchRow(
  handle: (request: Request) => Promise<Response>,
  url: string,
  body: unknown,
): Promise<RowAnswer> {
  try {
    const response = await handle(
      new Request(new URL(url, 'http://batch.mock.invalid'), {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(body),
      }),
    );
    return {
      status: response.status,
      requestId: response.headers.get('x-request-id') ?? createId('req_', 32),
      body: (await response.json()) as unknown,
    };
  } catch {
    return { status: 500, requestId: createId('req_', 32), body: openAIErrorBody(500) };
  }
}
