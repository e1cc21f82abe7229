#!/usr/bin/env node
// Extracts the chat completion, stream chunk, embeddings, error and model schemas (and every schema they
// reference) from OpenAI's OpenAPI document into fixtures/openai-schemas.json, translated
// to a JSON Schema (draft-07) document that Ajv compiles.
//
// Usage: node scripts/extract-openai-schemas.mjs <path/to/openapi.yaml> [commit]
//
// Translation of the OpenAPI 3.1 dialect:
// - `#/components/schemas/X` references become `#/definitions/X`;
// - `nullable: true` becomes a `null` member of `type` (or `anyOf: [schema, { type: 'null' }]`
//   when the schema has no `type`, e.g. a `$ref`); `enum`s get a `null` member too;
// - `format` (OpenAI's `unixtime` is no JSON Schema format), `x-*` extensions, `discriminator`,
//   `example`, `deprecated` and `readOnly` are dropped: they do not constrain the value.
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';

const ROOTS = [
  'CreateChatCompletionResponse',
  'CreateChatCompletionStreamResponse',
  'ErrorResponse',
  'Model',
  'ListModelsResponse',
  'CreateEmbeddingResponse',
  'OpenAIFile',
  'Batch',
  'ListBatchesResponse',
];
const REPOSITORY = 'openai/openai-openapi';
const DEFAULT_COMMIT = 'f85dbe223d40e1a31cba812ab2d755c7e98a92a3';
const REF_PREFIX = '#/components/schemas/';
const DROPPED = new Set([
  'format',
  'discriminator',
  'example',
  'deprecated',
  'readOnly',
  'nullable',
]);

const [input, commit = DEFAULT_COMMIT] = process.argv.slice(2);
if (!input) {
  console.error('Usage: node scripts/extract-openai-schemas.mjs <openapi.yaml> [commit]');
  process.exit(2);
}

const document = parse(readFileSync(input, 'utf8'), { maxAliasCount: -1 });
const schemas = document.components.schemas;

function translate(node, found) {
  if (Array.isArray(node)) return node.map((item) => translate(item, found));
  if (node === null || typeof node !== 'object') return node;
  const out = {};
  for (const [key, value] of Object.entries(node)) {
    if (DROPPED.has(key) || key.startsWith('x-')) continue;
    if (key === '$ref' && typeof value === 'string' && value.startsWith(REF_PREFIX)) {
      const name = value.slice(REF_PREFIX.length);
      found.add(name);
      out.$ref = `#/definitions/${name}`;
      continue;
    }
    // Property names are data, not keywords: keep them even when they look like one.
    if (key === 'properties' && value && typeof value === 'object') {
      out.properties = Object.fromEntries(
        Object.entries(value).map(([name, schema]) => [name, translate(schema, found)]),
      );
      continue;
    }
    out[key] = translate(value, found);
  }
  if (node.nullable === true) return nullable(out);
  return out;
}

function nullable(schema) {
  if (typeof schema.type === 'string' && schema.$ref === undefined) {
    const result = { ...schema, type: [schema.type, 'null'] };
    if (Array.isArray(schema.enum) && !schema.enum.includes(null))
      result.enum = [...schema.enum, null];
    return result;
  }
  return { anyOf: [schema, { type: 'null' }] };
}

const definitions = {};
const pending = [...ROOTS];
while (pending.length > 0) {
  const name = pending.shift();
  if (name in definitions) continue;
  if (!(name in schemas)) throw new Error(`Schema ${name} is not in ${input}`);
  const found = new Set();
  definitions[name] = translate(schemas[name], found);
  for (const reference of found) if (!(reference in definitions)) pending.push(reference);
}

const output = {
  $schema: 'http://json-schema.org/draft-07/schema#',
  $id: 'https://bulwark.dev/fixtures/openai-schemas.json',
  $comment: `Extracted from openapi.yaml of https://github.com/${REPOSITORY} at commit ${commit} by scripts/extract-openai-schemas.mjs. Do not edit by hand.`,
  source: { repository: REPOSITORY, commit, file: 'openapi.yaml', roots: ROOTS },
  definitions: Object.fromEntries(
    Object.entries(definitions).sort(([a], [b]) => a.localeCompare(b)),
  ),
};

const target = join(
  dirname(fileURLToPath(import.meta.url)),
  '..',
  'fixtures',
  'openai-schemas.json',
);
writeFileSync(target, `${JSON.stringify(output, null, 2)}\n`);
console.log(`Wrote ${Object.keys(definitions).length} schemas to ${target}`);
