import { createChatRequestSchema } from '@bulwark/core/validation';
import type { z } from 'zod';
import { batchInputLineSchema, type BatchInputLine } from './batch-input-line.js';

/** A valid row of the input with the line it came from. */
export interface BatchRow extends BatchInputLine {
  /** 1-based line number in the input file. */
  line: number;
}

/** A problem found in the input, by line. */
export interface BatchInputProblem {
  /** 1-based line number. */
  line: number;
  /** What is wrong, e.g. `duplicate custom_id "a" (first on line 3)`. */
  message: string;
}

/** The outcome of {@link parseBatchInput}. */
export interface ParsedBatchInput {
  /** The valid rows, in file order. */
  rows: BatchRow[];
  /** Every problem; the input should only run when this is empty. */
  problems: BatchInputProblem[];
}

/**
 * Validates a whole batch input file (JSONL, OpenAI's Batch API format)
 * before anything is sent: every line must be a JSON object with a unique
 * non-empty `custom_id`, `method: "POST"`, `url: "/v1/chat/completions"` and
 * a `body` that passes core's chat request validation (and does not ask for
 * a stream). Blank lines are ignored. Every problem is reported with its line
 * number, not just the first.
 *
 * @param text - the file's content.
 * @example
 * ```ts
 * const { rows, problems } = parseBatchInput(await readFile('input.jsonl', 'utf8'));
 * for (const { line, message } of problems) console.error(`line ${line}: ${message}`);
 * ```
 */
export function parseBatchInput(text: string): ParsedBatchInput {
  const bodySchema = createChatRequestSchema();
  const rows: BatchRow[] = [];
  const problems: BatchInputProblem[] = [];
  const firstLineOf = new Map<string, number>();
  const lines = text.split('\n');
  for (const [index, raw] of lines.entries()) {
    const line = index + 1;
    const source = raw.replace(/\r$/, '');
    if (source.trim() === '') continue;
    let value: unknown;
    try {
      value = JSON.parse(source);
    } catch {
      problems.push({ line, message: 'not valid JSON' });
      continue;
    }
    const parsed = batchInputLineSchema.safeParse(value);
    if (!parsed.success) {
      problems.push(...parsed.error.issues.map((issue) => ({ line, message: issue.message })));
      continue;
    }
    const customId = parsed.data.custom_id;
    const first = firstLineOf.get(customId);
    if (first !== undefined) {
      problems.push({
        line,
        message: `duplicate custom_id ${JSON.stringify(customId)} (first on line ${first})`,
      });
      continue;
    }
    firstLineOf.set(customId, line);
    const bodyProblems = checkBatchBody(parsed.data.body, bodySchema);
    problems.push(...bodyProblems.map((message) => ({ line, message })));
    if (bodyProblems.length === 0) rows.push({ ...parsed.data, line });
  }
  return { rows, problems };
}

/**
 * Checks the `body` of a batch row: a chat completion request that passes
 * core's validation and does not ask for a stream.
 *
 * @param body - the row's `body`.
 * @param schema - core's chat request schema (`createChatRequestSchema()`), made once per file.
 * @returns the problems, empty when the body is valid.
 */
export function checkBatchBody(body: Record<string, unknown>, schema: z.ZodType): string[] {
  if (body['stream'] === true) return ['body.stream: a batch row cannot stream'];
  const result = schema.safeParse(body);
  if (result.success) return [];
  return result.error.issues.map(
    (issue) => `body.${issue.path.map(String).join('.')}: ${issue.message}`,
  );
}
