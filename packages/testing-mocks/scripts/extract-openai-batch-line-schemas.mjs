#!/usr/bin/env node
// Extracts the per-line schemas of Batch API files, BatchRequestInput and BatchRequestOutput,
// into fixtures/openai-batch-line-schemas.json (JSON Schema draft-07, for Ajv).
//
// The OpenAPI document pinned by extract-openai-schemas.mjs no longer carries these two
// schemas (OpenAI moved the file formats to its guides), so they come from the last commit of
// openai/openai-openapi whose openapi.yaml still has them:
//
//   git -C openai-openapi show 498c71ddf6f1c45b983f972ccabca795da211a3e:openapi.yaml > old.yaml
//   node scripts/extract-openai-batch-line-schemas.mjs old.yaml
//
// Translation: `nullable: true` becomes a `null` member of `type`; `x-*` extensions dropped.
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';

const ROOTS = ['BatchRequestInput', 'BatchRequestOutput'];
const REPOSITORY = 'openai/openai-openapi';
const DEFAULT_COMMIT = '498c71ddf6f1c45b983f972ccabca795da211a3e';

const [input, commit = DEFAULT_COMMIT] = process.argv.slice(2);
if (!input) {
  console.error(
    'Usage: node scripts/extract-openai-batch-line-schemas.mjs <openapi.yaml> [commit]',
  );
  process.exit(2);
}
const schemas = parse(readFileSync(input, 'utf8'), { maxAliasCount: -1 }).components.schemas;

function translate(node) {
  if (Array.isArray(node)) return node.map(translate);
  if (node === null || typeof node !== 'object') return node;
  const out = {};
  for (const [key, value] of Object.entries(node)) {
    if (key.startsWith('x-') || key === 'nullable') continue;
    if (typeof value === 'object' && value !== null && '$ref' in value) {
      throw new Error(`Unexpected reference in ${key}: extend the script`);
    }
    out[key] =
      key === 'properties'
        ? Object.fromEntries(Object.entries(value).map(([name, item]) => [name, translate(item)]))
        : translate(value);
  }
  if (node.nullable === true && typeof out.type === 'string') out.type = [out.type, 'null'];
  return out;
}

const definitions = Object.fromEntries(
  ROOTS.map((name) => {
    if (!(name in schemas)) throw new Error(`Schema ${name} is not in ${input}`);
    return [name, translate(schemas[name])];
  }),
);
const output = {
  $schema: 'http://json-schema.org/draft-07/schema#',
  $id: 'https://bulwark.dev/fixtures/openai-batch-line-schemas.json',
  $comment: `Extracted from openapi.yaml of https://github.com/${REPOSITORY} at commit ${commit} by scripts/extract-openai-batch-line-schemas.mjs. Do not edit by hand.`,
  source: { repository: REPOSITORY, commit, file: 'openapi.yaml', roots: ROOTS },
  definitions,
};
const target = join(
  dirname(fileURLToPath(import.meta.url)),
  '..',
  'fixtures',
  'openai-batch-line-schemas.json',
);
writeFileSync(target, `${JSON.stringify(output, null, 2)}\n`);
console.log(`Wrote ${ROOTS.length} schemas to ${target}`);
