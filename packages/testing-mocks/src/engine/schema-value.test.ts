import { Ajv } from 'ajv';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { schemaValue, type JsonSchema } from './schema-value.js';

const ajv = new Ajv({ strict: false, allErrors: true });

function errors(schema: JsonSchema, value: unknown): string[] {
  const validate = ajv.compile(schema);
  if (validate(value)) return [];
  return (validate.errors ?? []).map((error) => `${error.instancePath} ${error.message ?? ''}`);
}

const SCHEMAS: Record<string, JsonSchema> = {
  'a strict object with nested objects and arrays': {
    type: 'object',
    properties: {
      name: { type: 'string', minLength: 3 },
      age: { type: 'integer', minimum: 18, maximum: 130 },
      score: { type: 'number', exclusiveMinimum: 0 },
      active: { type: 'boolean' },
      address: {
        type: 'object',
        properties: { city: { type: 'string' }, zip: { type: 'string', pattern: '^[a-z]+$' } },
        required: ['city', 'zip'],
        additionalProperties: false,
      },
      tags: { type: 'array', items: { type: 'string' }, minItems: 2, maxItems: 4 },
    },
    required: ['name', 'age', 'score', 'active', 'address', 'tags'],
    additionalProperties: false,
  },
  'enums, const and nullable type arrays': {
    type: 'object',
    properties: {
      unit: { type: 'string', enum: ['celsius', 'fahrenheit'] },
      kind: { const: 'weather' },
      note: { type: ['string', 'null'] },
      count: { type: ['null', 'integer'], minimum: 2 },
      nothing: { type: 'null' },
    },
    required: ['unit', 'kind', 'note', 'count', 'nothing'],
    additionalProperties: false,
  },
  'refs to $defs, recursively': {
    type: 'object',
    properties: { root: { $ref: '#/$defs/node' } },
    required: ['root'],
    additionalProperties: false,
    $defs: {
      node: {
        type: 'object',
        properties: {
          value: { type: 'integer' },
          children: { type: 'array', items: { $ref: '#/$defs/node' } },
        },
        required: ['value', 'children'],
        additionalProperties: false,
      },
    },
  },
  'refs to definitions, anyOf and oneOf': {
    type: 'object',
    properties: {
      step: { $ref: '#/definitions/step' },
      either: { anyOf: [{ type: 'integer', minimum: 5 }, { type: 'string' }] },
      one: { oneOf: [{ type: 'string', enum: ['x'] }, { type: 'integer' }] },
    },
    required: ['step', 'either', 'one'],
    additionalProperties: false,
    definitions: {
      step: {
        type: 'object',
        properties: { explanation: { type: 'string' }, output: { type: 'string' } },
        required: ['explanation', 'output'],
        additionalProperties: false,
      },
    },
  },
  'an array at the top level': { type: 'array', items: { type: 'number', minimum: 1.5 } },
  'formats and allOf': {
    allOf: [
      { type: 'object', properties: { when: { type: 'string', format: 'date-time' } } },
      { properties: { mail: { type: 'string', format: 'email' } }, required: ['mail'] },
    ],
  },
  'an empty schema': {},
};

describe('schemaValue', () => {
  it.each(Object.entries(SCHEMAS))('gives a valid value of %s', (_, schema) => {
    const value = schemaValue(schema);
    // 'date-time' and 'email' are not checked by Ajv without ajv-formats; the shapes are.
    expect(errors(schema, value)).toEqual([]);
    expect(schemaValue(schema)).toEqual(value);
  });

  it('fills top-level strings with the hint and names nested ones after their property', () => {
    expect(schemaValue({ type: 'string' }, undefined, 'hello')).toBe('hello');
    expect(
      schemaValue({ type: 'object', properties: { city: { type: 'string' } } }, undefined, 'hi'),
    ).toEqual({ city: 'city' });
  });

  it('catches a validator that accepts anything (the check is real)', () => {
    expect(errors({ type: 'integer' }, 'no')).not.toEqual([]);
  });

  it('gives a valid value of any schema made of the supported keywords', () => {
    const name = fc.constantFrom('a', 'b', 'city', 'items', 'value', 'unit');
    const { schema } = fc.letrec<{ schema: Record<string, unknown> }>((tie) => ({
      schema: fc.oneof(
        { depthSize: 'small', withCrossShrink: true },
        fc.nat(6).map((minLength) => ({ type: 'string', minLength })),
        fc.integer({ min: -50, max: 50 }).map((minimum) => ({ type: 'integer', minimum })),
        fc
          .tuple(fc.double({ min: -10, max: 10, noNaN: true }), fc.nat(10))
          .map(([minimum, span]) => ({ type: 'number', minimum, maximum: minimum + span })),
        fc.constant({ type: 'boolean' }),
        fc.constant({ type: 'null' }),
        fc.constant({ type: ['string', 'null'] }),
        // JSON Schema wants an enum's values unique: a schema with two equal ones is invalid.
        fc
          .uniqueArray(fc.oneof(fc.string(), fc.integer()), { minLength: 1, maxLength: 4 })
          .map((values) => ({
            enum: values,
          })),
        fc.jsonValue().map((value) => ({ const: value })),
        fc
          .tuple(fc.dictionary(name, tie('schema'), { maxKeys: 4 }), fc.boolean())
          .map(([properties, strict]) => ({
            type: 'object',
            properties,
            required: strict ? Object.keys(properties) : [],
            additionalProperties: !strict,
          })),
        fc
          .tuple(tie('schema'), fc.nat(3))
          .map(([items, minItems]) => ({ type: 'array', items, minItems })),
        fc.tuple(tie('schema'), tie('schema')).map((branches) => ({ anyOf: branches })),
      ),
    }));
    const withRef = schema.map((node) => ({
      type: 'object',
      properties: { inner: { $ref: '#/$defs/inner' } },
      required: ['inner'],
      $defs: { inner: node },
    }));
    fc.assert(
      fc.property(fc.oneof(schema, withRef), (generated) => {
        expect(errors(generated, schemaValue(generated))).toEqual([]);
      }),
      { numRuns: 300 },
    );
  });
});
