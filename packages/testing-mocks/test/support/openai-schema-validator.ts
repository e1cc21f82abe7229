import { readFileSync } from 'node:fs';
import { Ajv, type ValidateFunction } from 'ajv';

/** Names of the official schemas the mock's output is checked against. */
export type OpenAISchemaName =
  | 'CreateChatCompletionResponse'
  | 'CreateChatCompletionStreamResponse'
  | 'ErrorResponse'
  | 'Model'
  | 'ListModelsResponse'
  | 'CreateEmbeddingResponse';

const fixture = JSON.parse(
  readFileSync(new URL('../../fixtures/openai-schemas.json', import.meta.url), 'utf8'),
) as { $id: string };

const ajv = new Ajv({ strict: false, allErrors: true });
ajv.addSchema(fixture);

/**
 * Validates a value against one of OpenAI's official schemas (extracted into
 * fixtures/openai-schemas.json); returns the list of violations, empty when
 * the value conforms.
 */
export function schemaErrors(name: OpenAISchemaName, value: unknown): string[] {
  const validate = ajv.getSchema(`${fixture.$id}#/definitions/${name}`) as
    ValidateFunction | undefined;
  if (!validate) throw new Error(`No schema named ${name} in the fixture`);
  if (validate(value)) return [];
  return (validate.errors ?? []).map((error) => `${error.instancePath} ${error.message ?? ''}`);
}
