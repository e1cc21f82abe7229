/** A JSON Schema, as a request carries it (`response_format.json_schema.schema`, a tool's `parameters`). */
export type JsonSchema = Readonly<Record<string, unknown>> | boolean;

const MAX_DEPTH = 24;
/** Past this depth optional properties and arrays without `minItems` are left empty: recursive schemas end. */
const SHALLOW = 6;
const ASCII = 'abcdefghijklmnopqrstuvwxyz';

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Follows a local `$ref` (`#/$defs/x`, `#/definitions/x`, any JSON pointer into the root). */
function resolveRef(ref: string, root: JsonSchema): JsonSchema | undefined {
  if (!ref.startsWith('#')) return undefined;
  let node: unknown = root;
  for (const raw of ref.slice(1).split('/').filter(Boolean)) {
    const key = decodeURIComponent(raw).replaceAll('~1', '/').replaceAll('~0', '~');
    if (!isRecord(node) && !Array.isArray(node)) return undefined;
    node = (node as Record<string, unknown>)[key];
  }
  return isRecord(node) || typeof node === 'boolean' ? node : undefined;
}

function typesOf(schema: Readonly<Record<string, unknown>>): string[] {
  const { type } = schema;
  if (typeof type === 'string') return [type];
  if (Array.isArray(type)) return type.filter((item): item is string => typeof item === 'string');
  if (isRecord(schema['properties']) || Array.isArray(schema['required'])) return ['object'];
  if (schema['items'] !== undefined) return ['array'];
  return [];
}

function numberValue(schema: Readonly<Record<string, unknown>>, integer: boolean): number {
  const minimum = typeof schema['minimum'] === 'number' ? schema['minimum'] : undefined;
  const exclusive =
    typeof schema['exclusiveMinimum'] === 'number' ? schema['exclusiveMinimum'] : undefined;
  const maximum = typeof schema['maximum'] === 'number' ? schema['maximum'] : undefined;
  let value = minimum ?? (exclusive === undefined ? 0 : exclusive + (integer ? 1 : 0.5));
  if (exclusive !== undefined && value <= exclusive) value = exclusive + (integer ? 1 : 0.5);
  if (integer) value = Math.ceil(value);
  if (maximum !== undefined && value > maximum) value = integer ? Math.floor(maximum) : maximum;
  const multipleOf = typeof schema['multipleOf'] === 'number' ? schema['multipleOf'] : undefined;
  if (multipleOf !== undefined && multipleOf > 0)
    value = Math.ceil(value / multipleOf) * multipleOf;
  return value;
}

function stringValue(schema: Readonly<Record<string, unknown>>, hint: string): string {
  switch (schema['format']) {
    case 'date-time':
      return '2024-01-01T00:00:00Z';
    case 'date':
      return '2024-01-01';
    case 'time':
      return '00:00:00Z';
    case 'email':
      return 'user@example.com';
    case 'uri':
    case 'url':
      return 'https://example.com/';
    case 'uuid':
      return '00000000-0000-4000-8000-000000000000';
    default:
      break;
  }
  const minLength = typeof schema['minLength'] === 'number' ? schema['minLength'] : 0;
  const maxLength = typeof schema['maxLength'] === 'number' ? schema['maxLength'] : Infinity;
  let text = hint;
  while (text.length < minLength) text += ASCII[text.length % ASCII.length];
  return text.slice(0, maxLength);
}

function generate(schema: JsonSchema, root: JsonSchema, hint: string, depth: number): unknown {
  if (typeof schema === 'boolean' || depth > MAX_DEPTH) return null;
  if ('const' in schema) return schema['const'];
  if (Array.isArray(schema['enum'])) return schema['enum'][0] ?? null;
  if (typeof schema['$ref'] === 'string') {
    const target = resolveRef(schema['$ref'], root);
    return target === undefined ? null : generate(target, root, hint, depth + 1);
  }
  for (const key of ['anyOf', 'oneOf'] as const) {
    const branches = schema[key];
    if (Array.isArray(branches) && branches.length > 0) {
      const { [key]: _, ...rest } = schema;
      return generate({ ...rest, ...(branches[0] as object) }, root, hint, depth + 1);
    }
  }
  if (Array.isArray(schema['allOf'])) {
    const { allOf, ...rest } = schema;
    const merged = (allOf as unknown[]).filter(isRecord).reduce<Record<string, unknown>>(
      (all, part) => ({
        ...all,
        ...part,
        properties: { ...(all['properties'] as object), ...(part['properties'] as object) },
        required: [
          ...((all['required'] as unknown[]) ?? []),
          ...((part['required'] as unknown[]) ?? []),
        ],
      }),
      rest,
    );
    return generate(merged, root, hint, depth + 1);
  }
  const [type = 'string'] = typesOf(schema).filter((kind) => kind !== 'null');
  if (typesOf(schema).length > 0 && typesOf(schema).every((kind) => kind === 'null')) return null;
  switch (type) {
    case 'object': {
      const properties = isRecord(schema['properties']) ? schema['properties'] : {};
      const value: Record<string, unknown> = {};
      const required = new Set(Array.isArray(schema['required']) ? schema['required'] : []);
      for (const [name, property] of Object.entries(properties)) {
        if (depth >= SHALLOW && !required.has(name)) continue;
        value[name] = generate(property as JsonSchema, root, name, depth + 1);
      }
      for (const name of required) {
        if (typeof name === 'string' && !(name in value)) value[name] = name;
      }
      return value;
    }
    case 'array': {
      const minItems = typeof schema['minItems'] === 'number' ? schema['minItems'] : 0;
      const maxItems = typeof schema['maxItems'] === 'number' ? schema['maxItems'] : Infinity;
      const count = Math.min(Math.max(minItems, depth < SHALLOW ? 1 : 0), maxItems);
      const items = schema['items'];
      const prefix = Array.isArray(schema['prefixItems']) ? schema['prefixItems'] : [];
      return Array.from({ length: count }, (_, index) => {
        const item = (prefix[index] ??
          (isRecord(items) || typeof items === 'boolean' ? items : {})) as JsonSchema;
        return generate(item, root, hint, depth + 1);
      });
    }
    case 'integer':
      return numberValue(schema, true);
    case 'number':
      return numberValue(schema, false);
    case 'boolean':
      return true;
    default:
      return stringValue(schema, hint);
  }
}

/**
 * A valid value of a JSON Schema, the same every time: each property given
 * (required or not; deep in a recursive schema only the required ones), the
 * first `enum` member, `const`, the first branch of `anyOf`/`oneOf`, one
 * array item (or `minItems`; none deep in a recursive schema), strings named after their
 * property and padded to `minLength`, numbers at `minimum` (or 0), local
 * `$ref`s followed; a nullable type array yields its non-null type.
 *
 * @param schema - the schema; `$ref`s resolve against `root`.
 * @param root - the document `$ref`s point into. @default schema
 * @param hint - the text of strings at the top level. @default 'text'
 */
export function schemaValue(schema: JsonSchema, root: JsonSchema = schema, hint = 'text'): unknown {
  return generate(schema, root, hint, 0);
}
