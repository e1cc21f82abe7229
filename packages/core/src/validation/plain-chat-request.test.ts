import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createChatRequestSchema, validationBounds } from './chat-request-schema.js';
import { PLAIN_FIELDS, plainChatRequest } from './plain-chat-request.js';

const LIMITS = { maxMessages: 3, maxMessageLength: 12, maxTotalLength: 20 };
const schema = createChatRequestSchema(LIMITS);
const bounds = validationBounds(LIMITS);

/** Values near and at the edges of what the schema takes. */
const anyValue = fc.oneof(
  fc.constantFrom(undefined, null, true, false, '', 'x', 0, -0, 1, 2, 2.5, -2, -3, 20, 21, 128),
  fc.constantFrom(129, 0.5, 1e300, Number.NaN, Infinity, -Infinity, 2 ** 53, -(2 ** 53)),
  fc.double(),
  fc.integer(),
  fc.string({ maxLength: 6 }),
  fc.array(fc.string({ maxLength: 3 }), { maxLength: 6 }),
  fc.array(fc.integer(), { maxLength: 2 }),
  fc.dictionary(
    fc.constantFrom('include_usage', 'include_obfuscation', 'other'),
    fc.constantFrom(true, false, null, 1, 'yes'),
    { noNullPrototype: true },
  ),
);
const text = fc.oneof(
  fc.string({ maxLength: 14 }),
  fc.constantFrom('a\u0000b', '\u001b[31mred', 'tab\tok', 'é\u0085', '\u007f'.repeat(13)),
);
/** Mostly values the fast path takes, sometimes ones it must not, rarely anything. */
const mostly = (valid: readonly unknown[], invalid: readonly unknown[]) =>
  fc.oneof(
    { arbitrary: fc.constantFrom(...valid), weight: 8 },
    { arbitrary: fc.constantFrom(...invalid), weight: 1 },
    { arbitrary: anyValue, weight: 1 },
  );
/** A few of `fields`, each with its own values. */
const someOf = (fields: Record<string, fc.Arbitrary<unknown>>, most: number) =>
  fc
    .tuple(
      fc.record(fields, { noNullPrototype: true }),
      fc.subarray(Object.keys(fields), { maxLength: most }),
    )
    .map(([values, chosen]) => Object.fromEntries(chosen.map((field) => [field, values[field]])));
const message = fc
  .tuple(
    mostly(['system', 'developer', 'user', 'assistant'], ['tool', 'function', 'robot', 3]),
    fc.oneof(
      { arbitrary: text, weight: 8 },
      { arbitrary: fc.constantFrom(null, [{ type: 'text', text: 'hi' }]), weight: 1 },
    ),
    someOf(
      {
        name: mostly(['ada', 'x'.repeat(64)], ['x'.repeat(65), '', null]),
        tool_call_id: fc.constant('call_1'),
        ['__proto__']: fc.constant({ role: 'tool' }),
      },
      1,
    ),
  )
  .map(([role, content, rest]) => ({ role, content, ...rest }));
/** The fields the fast path decides: values it takes, and values at or past their bounds. */
const PLAIN_VALUES: Record<string, [valid: unknown[], invalid: unknown[]]> = {
  model: [
    [undefined, 'gpt-4o'],
    ['', null],
  ],
  temperature: [
    [0, 2, 0.7, null],
    [2.0001, -0.1],
  ],
  top_p: [[0, 1, 0.5], [1.5]],
  n: [
    [1, 128],
    [129, 0, 2.5],
  ],
  max_tokens: [
    [1, 16],
    [0, 2 ** 53],
  ],
  max_completion_tokens: [[1, 4096], [-1]],
  presence_penalty: [[-2, 0, 2], [3]],
  frequency_penalty: [[-2, 2], [-2.5]],
  top_logprobs: [[0, 20], [21]],
  seed: [
    [0, -5, 42],
    [1.5, -(2 ** 53)],
  ],
  stop: [
    ['x', ['a', 'b'], null],
    [['a', 'b', 'c', 'd', 'e'], [1]],
  ],
  stream: [[true, false, null], ['yes']],
  parallel_tool_calls: [[false], ['no']],
  reasoning_effort: [['low', null], ['']],
  stream_options: [
    [{ include_usage: true }, { include_usage: null, other: 1 }, null],
    [[], 'x'],
  ],
  store: [[true], [0]],
  service_tier: [['auto'], ['']],
  user: [['customer-1'], [7]],
  logprobs: [[true, 'anything'], [null]],
  // Names an object inherits: a body's own field of that name is data, never the inherited value.
  ['__proto__']: [[{ polluted: true }], [null]],
  // Typed by hand: TypeScript types these two names from Object's own members.
  constructor: [['x'], [{}]] as [unknown[], unknown[]],
  toString: [[1], [null]] as [unknown[], unknown[]],
};
const request = fc
  .tuple(
    fc.oneof(
      { arbitrary: fc.array(message, { minLength: 1, maxLength: 4 }), weight: 8 },
      { arbitrary: fc.constantFrom([], 'hi', [null]), weight: 1 },
    ),
    someOf(
      Object.fromEntries(
        Object.entries(PLAIN_VALUES).map(([field, [valid, invalid]]) => [
          field,
          mostly(valid, invalid),
        ]),
      ),
      5,
    ),
  )
  .map(([messages, fields]) => ({ ...fields, messages }));

describe('plainChatRequest', () => {
  it('answers only what the schema accepts, with the output the schema gives', () => {
    let answered = 0;
    fc.assert(
      fc.property(fc.oneof(request, fc.constant(null)), (input) => {
        const plain = plainChatRequest(input, bounds);
        if (plain === undefined) return;
        answered += 1;
        const checked = schema.safeParse(input);
        expect(checked.success).toBe(true);
        expect(Object.getPrototypeOf(plain)).toBe(Object.getPrototypeOf(checked.data));
        // Field by field: an own `constructor` field (NaN, say) would otherwise be taken for the
        // objects' types, and NaN is not NaN.
        expect(new Map(Object.entries(plain))).toStrictEqual(
          new Map(Object.entries(checked.data ?? {})),
        );
      }),
      { numRuns: 20_000 },
    );
    // The generator reaches the fast path often enough for the property to mean something.
    expect(answered).toBeGreaterThan(200);
  });

  it('answers the common request, stripping control characters from a copy', () => {
    const input = {
      model: 'gpt-4o',
      messages: [
        { role: 'system', content: 'Be\u0000 terse.' },
        { role: 'user', content: 'Hi', name: 'ada' },
      ],
      max_tokens: 16,
      temperature: 0,
      stream: true,
      stream_options: { include_usage: true },
      user: 'customer-1',
    };
    const plain = plainChatRequest(input, validationBounds());
    expect(plain).toStrictEqual(schema.parse(input));
    expect(plain?.messages[0]?.content).toBe('Be terse.');
    expect(input.messages[0]?.content).toBe('Be\u0000 terse.');
    expect(plain?.stream_options).not.toBe(input.stream_options);
  });

  it('leaves to the schema what it does not take: tools, parts, other roles, bad values', () => {
    const base = { model: 'gpt-4o', messages: [{ role: 'user', content: 'Hi' }] };
    for (const input of [
      { ...base, tools: [] },
      { ...base, response_format: { type: 'json_object' } },
      { ...base, messages: [{ role: 'user', content: [{ type: 'text', text: 'Hi' }] }] },
      { ...base, messages: [{ role: 'tool', content: 'x', tool_call_id: 'c' }] },
      { ...base, temperature: Number.NaN },
      { ...base, n: 1.5 },
      { ...base, model: null },
      { ...base, messages: [] },
      new Map(),
    ]) {
      expect(plainChatRequest(input, validationBounds())).toBeUndefined();
    }
  });

  it('takes the __proto__, constructor and toString fields of a parsed body as data, never as its prototype', () => {
    for (const body of [
      '{"__proto__": {"polluted": true}, "model": "gpt-4", "messages": [{"role": "user", "content": "x"}]}',
      '{"constructor": {"prototype": {}}, "toString": 1, "messages": [{"role": "user", "content": "x"}]}',
      '{"messages": [{"role": "user", "content": "x", "__proto__": {"role": "tool"}}]}',
    ]) {
      const input: unknown = JSON.parse(body);
      const plain = plainChatRequest(input, validationBounds());
      expect(plain ?? schema.parse(input)).toStrictEqual(schema.parse(input));
      expect(Object.getPrototypeOf(plain ?? {})).toBe(Object.prototype);
    }
    expect(({} as Record<string, unknown>)['polluted']).toBeUndefined();
  });

  it('knows every field of the request schema', () => {
    expect(Object.keys(PLAIN_FIELDS).sort()).toEqual(Object.keys(schema.shape).sort());
  });
});
