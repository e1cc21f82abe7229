import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';
import { createChatRequestSchema } from '@bulwark/core/validation';
import { batchInputLineSchema } from '../batch-input-line.js';
import { checkBatchBody, type BatchInputProblem } from '../parse-batch-input.js';
import { createPartWriter, type InputPart } from './part-writer.js';

/** The most one batch input file may hold. */
export interface BatchFileLimits {
  /** Requests per file. */
  maxRows: number;
  /** Bytes per file. */
  maxBytes: number;
}

/** OpenAI's limits of one batch input file. */
export const BATCH_FILE_LIMITS = {
  /** Requests per file. */
  maxRows: 50_000,
  /** Bytes per file (200 MB). */
  maxBytes: 200 * 1024 * 1024,
} as const;

/** The outcome of {@link splitBatchInput}. */
export interface SplitInput {
  /** SHA-256 of the input file's bytes, hex. */
  sha256: string;
  /** The parts, in input order (none when there are problems). */
  parts: InputPart[];
  /** Every problem found, by line. */
  problems: BatchInputProblem[];
  /** Rows in the input. */
  rows: number;
}

/** Options of {@link splitBatchInput}. */
export interface SplitOptions {
  /** The input JSONL. */
  input: string;
  /** Where the part files go (`part-<n>.jsonl`). */
  folder: string;
  /** @default {@link BATCH_FILE_LIMITS} */
  limits?: BatchFileLimits;
}

/**
 * Validates a batch input while streaming it (the checks of a local run,
 * plus a model on every row and one model for the whole file, as the Batch
 * API requires) and writes it as parts of at most 50,000 rows and 200 MB,
 * each line unchanged (blank lines and `\r` dropped). Memory holds the
 * `custom_id`s, not the rows.
 *
 * @param options - input, folder, limits.
 */
export async function splitBatchInput(options: SplitOptions): Promise<SplitInput> {
  const limits = options.limits ?? BATCH_FILE_LIMITS;
  const bodySchema = createChatRequestSchema();
  const hash = createHash('sha256');
  const stream = createReadStream(options.input);
  stream.on('data', (chunk) => hash.update(chunk));
  const problems: BatchInputProblem[] = [];
  const firstLineOf = new Map<string, number>();
  const writer = createPartWriter(options.folder, limits);
  let model: { name: string; line: number } | undefined;
  let line = 0;
  let rows = 0;
  const problem = (message: string): void => {
    problems.push({ line, message });
  };
  for await (const raw of createInterface({ input: stream, crlfDelay: Infinity })) {
    line += 1;
    const source = raw.replace(/\r$/, '');
    if (source.trim() === '') continue;
    const found = checkLine(source, bodySchema);
    if ('problems' in found) {
      found.problems.forEach(problem);
      continue;
    }
    const first = firstLineOf.get(found.customId);
    if (first !== undefined) {
      problem(`duplicate custom_id ${JSON.stringify(found.customId)} (first on line ${first})`);
      continue;
    }
    firstLineOf.set(found.customId, line);
    model ??= { name: found.model, line };
    if (found.model !== model.name) {
      problem(
        `body.model ${JSON.stringify(found.model)} differs from ${JSON.stringify(model.name)} ` +
          `(line ${model.line}): a remote batch takes one model`,
      );
      continue;
    }
    if (Buffer.byteLength(source) + 1 > limits.maxBytes) {
      problem('the line is larger than a batch input file may be');
      continue;
    }
    rows += 1;
    // Once a problem is found the parts are useless: keep validating, stop writing.
    if (problems.length === 0) await writer.add(source);
  }
  await writer.close();
  if (rows === 0 && problems.length === 0) problems.push({ line: 1, message: 'no rows' });
  return {
    sha256: hash.digest('hex'),
    parts: problems.length > 0 ? [] : writer.parts,
    problems,
    rows,
  };
}

function checkLine(
  source: string,
  bodySchema: ReturnType<typeof createChatRequestSchema>,
): { customId: string; model: string } | { problems: string[] } {
  let value: unknown;
  try {
    value = JSON.parse(source);
  } catch {
    return { problems: ['not valid JSON'] };
  }
  const parsed = batchInputLineSchema.safeParse(value);
  if (!parsed.success) return { problems: parsed.error.issues.map((issue) => issue.message) };
  const bodyProblems = checkBatchBody(parsed.data.body, bodySchema);
  if (bodyProblems.length > 0) return { problems: bodyProblems };
  const model = parsed.data.body['model'];
  if (typeof model !== 'string') {
    return { problems: ['body.model: a remote batch needs the model on every row'] };
  }
  return { customId: parsed.data.custom_id, model };
}
