import { readFileSync } from 'node:fs';
import { Ajv, type ValidateFunction } from 'ajv';

/** The official OpenAI schemas the mock's tests use (testing-mocks/fixtures, extracted from openai/openai-openapi). */
const fixture = JSON.parse(
  readFileSync(
    new URL('../../testing-mocks/fixtures/openai-schemas.json', import.meta.url),
    'utf8',
  ),
) as { $id: string };

const ajv = new Ajv({ strict: false, allErrors: true });
ajv.addSchema(fixture);

/**
 * Validates a value against one of OpenAI's official schemas; returns the
 * violations, empty when the value conforms.
 */
export function schemaErrors(
  name:
    | 'CreateChatCompletionResponse'
    | 'CreateChatCompletionStreamResponse'
    | 'ErrorResponse'
    | 'Model'
    | 'ListModelsResponse'
    | 'CreateEmbeddingResponse',
  value: unknown,
): string[] {
  const validate = ajv.getSchema(`${fixture.$id}#/definitions/${name}`) as
    ValidateFunction | undefined;
  if (!validate) throw new Error(`No schema named ${name} in the fixture`);
  if (validate(value)) return [];
  return (validate.errors ?? []).map((error) => `${error.instancePath} ${error.message ?? ''}`);
}
