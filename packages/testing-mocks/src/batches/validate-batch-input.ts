import type { BatchErrorEntry, BatchRow } from './batch-record.js';

/**
 * Checks a batch input file the way OpenAI does while a batch is
 * `validating`: every line a JSON object with a unique `custom_id`,
 * `method: "POST"`, the batch's endpoint as `url`, an object `body`, and one
 * model for the whole file. Blank lines are skipped.
 * @internal
 */
export function validateBatchInput(
  content: string,
  endpoint: string,
): { rows: BatchRow[]; errors: BatchErrorEntry[]; model: string | undefined } {
  const rows: BatchRow[] = [];
  const errors: BatchErrorEntry[] = [];
  const seen = new Set<string>();
  let model: string | undefined;
  const fail = (line: number, code: string, message: string, param: string | null = null) =>
    errors.push({ code, message, param, line });
  for (const [index, text] of content.split('\n').entries()) {
    const line = index + 1;
    if (text.trim() === '') continue;
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch {
      fail(line, 'invalid_json_line', 'This line is not parseable as valid JSON.');
      continue;
    }
    const row = (typeof value === 'object' && value !== null ? value : {}) as Record<
      string,
      unknown
    >;
    const customId = row['custom_id'];
    const body = row['body'];
    if (typeof customId !== 'string' || customId === '') {
      fail(line, 'missing_required_parameter', 'Missing custom_id.', 'custom_id');
    } else if (seen.has(customId)) {
      fail(
        line,
        'duplicate_custom_id',
        'The custom_id for this request is a duplicate of another request. The custom_id parameter must be unique for each request in a batch.',
        'custom_id',
      );
    } else if (row['method'] !== 'POST') {
      fail(line, 'invalid_value', 'Only POST is supported.', 'method');
    } else if (row['url'] !== endpoint) {
      fail(
        line,
        'mismatched_endpoint',
        `The url of this request does not match the batch endpoint ${endpoint}.`,
        'url',
      );
    } else if (typeof body !== 'object' || body === null || Array.isArray(body)) {
      fail(line, 'invalid_request', 'The body must be a JSON object.', 'body');
    } else {
      seen.add(customId);
      const rowModel = (body as Record<string, unknown>)['model'];
      if (typeof rowModel === 'string' && model !== undefined && rowModel !== model) {
        fail(
          line,
          'mismatched_model',
          'The provided model differs from the model of the other requests in this file. A batch must use one model.',
          'body.model',
        );
        continue;
      }
      if (typeof rowModel === 'string') model = rowModel;
      rows.push({ custom_id: customId, url: endpoint, body });
    }
  }
  if (rows.length === 0 && errors.length === 0) {
    errors.push({
      code: 'empty_file',
      message: 'The input file is empty.',
      param: null,
      line: null,
    });
  }
  return { rows, errors, model };
}
