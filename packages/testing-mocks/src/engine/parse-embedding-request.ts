import type { EmbeddingCreateParams } from 'openai/resources/embeddings';
import { openAIErrorResponse } from './openai-error.js';
import { parseJsonObject } from './parse-json-object.js';

/** The inputs of an embeddings request, one by one. @internal */
export type EmbeddingInputList = (string | number[])[];

function isTokenArray(value: unknown): value is number[] {
  return (
    Array.isArray(value) &&
    value.length > 0 &&
    value.every((item) => typeof item === 'number' && Number.isInteger(item) && item >= 0)
  );
}

/**
 * The inputs of an `input` field, or `undefined` when it is none of
 * OpenAI's four shapes (a non-empty text, an array of them, a token array,
 * an array of token arrays; at most 2048 inputs).
 * @internal
 */
export function embeddingInputList(input: unknown): EmbeddingInputList | undefined {
  if (typeof input === 'string') return input.length > 0 ? [input] : undefined;
  if (!Array.isArray(input) || input.length === 0) return undefined;
  if (isTokenArray(input)) return [input];
  if (input.length > 2048) return undefined;
  if (input.every((item) => typeof item === 'string' && item.length > 0)) return input as string[];
  if (input.every(isTokenArray)) return input as number[][];
  return undefined;
}

/**
 * Reads and checks an embeddings request body the way OpenAI does before
 * anything else: JSON, a `model`, an `input` of one of its shapes, an
 * `encoding_format` of `float` or `base64`, a positive whole `dimensions`.
 * @internal
 */
export async function parseEmbeddingRequest(
  request: Request,
): Promise<{ body: EmbeddingCreateParams; inputs: EmbeddingInputList } | { error: Response }> {
  const parsed = await parseJsonObject(request);
  if ('error' in parsed) return parsed;
  const record = parsed.value;
  const inputs = embeddingInputList(record['input']);
  if (inputs === undefined) {
    return {
      error: openAIErrorResponse(400, {
        message:
          record['input'] === undefined
            ? "Missing required parameter: 'input'."
            : "'$.input' is invalid. Please check the API reference: https://platform.openai.com/docs/api-reference.",
        param: 'input',
        code: record['input'] === undefined ? 'missing_required_parameter' : null,
      }),
    };
  }
  const format = record['encoding_format'];
  if (format !== undefined && format !== 'float' && format !== 'base64') {
    return {
      error: openAIErrorResponse(400, {
        message: `Invalid value for 'encoding_format': '${String(format)}'. Supported values are: 'float' and 'base64'.`,
        param: 'encoding_format',
        code: 'invalid_value',
      }),
    };
  }
  const dimensions = record['dimensions'];
  if (
    dimensions !== undefined &&
    !(typeof dimensions === 'number' && Number.isInteger(dimensions) && dimensions >= 1)
  ) {
    return {
      error: openAIErrorResponse(400, {
        message: `Invalid value for 'dimensions': ${JSON.stringify(dimensions)}. It must be a positive integer.`,
        param: 'dimensions',
        code: 'invalid_value',
      }),
    };
  }
  return { body: record as unknown as EmbeddingCreateParams, inputs };
}
