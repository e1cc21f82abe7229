import { readFileSync } from 'node:fs';
import { Ajv, type ValidateFunction } from 'ajv';

/**
 * The official schema of a Batch API output line (`BatchRequestOutput`,
 * extracted into testing-mocks/fixtures from openai/openai-openapi).
 */
const fixture = JSON.parse(
  readFileSync(
    new URL('../../../testing-mocks/fixtures/openai-batch-line-schemas.json', import.meta.url),
    'utf8',
  ),
) as { $id: string };

const ajv = new Ajv({ strict: false, allErrors: true });
ajv.addSchema(fixture);

/** Violations of `BatchRequestOutput` by one output line; empty when it conforms. */
export function outputLineSchemaErrors(value: unknown): string[] {
  const validate = ajv.getSchema(`${fixture.$id}#/definitions/BatchRequestOutput`) as
    ValidateFunction | undefined;
  if (!validate) throw new Error('No BatchRequestOutput schema in the fixture');
  if (validate(value)) return [];
  return (validate.errors ?? []).map((error) => `${error.instancePath} ${error.message ?? ''}`);
}
