import { readFileSync } from 'node:fs';
import { Ajv, type ValidateFunction } from 'ajv';

/** The official schemas of the Files and Batches API the mock is checked against. */
export type OpenAIBatchSchemaName =
  'OpenAIFile' | 'Batch' | 'ListBatchesResponse' | 'BatchRequestInput' | 'BatchRequestOutput';

function load(name: string): { $id: string } {
  return JSON.parse(readFileSync(new URL(`../../fixtures/${name}`, import.meta.url), 'utf8')) as {
    $id: string;
  };
}

const main = load('openai-schemas.json');
const lines = load('openai-batch-line-schemas.json');
const ajv = new Ajv({ strict: false, allErrors: true });
ajv.addSchema(main);
ajv.addSchema(lines);

/**
 * Validates a value against one of OpenAI's official Files/Batches schemas
 * (fixtures/openai-schemas.json, and fixtures/openai-batch-line-schemas.json
 * for the per-line formats); returns the violations, empty when it conforms.
 */
export function batchSchemaErrors(name: OpenAIBatchSchemaName, value: unknown): string[] {
  const fixture = name.startsWith('BatchRequest') ? lines : main;
  const validate = ajv.getSchema(`${fixture.$id}#/definitions/${name}`) as
    ValidateFunction | undefined;
  if (!validate) throw new Error(`No schema named ${name} in the fixtures`);
  if (validate(value)) return [];
  return (validate.errors ?? []).map((error) => `${error.instancePath} ${error.message ?? ''}`);
}
