import { z } from 'zod';

/** One tool definition: a function (name, description, JSON Schema parameters, strict) or a custom tool. */
export const chatToolSchema = z.discriminatedUnion('type', [
  z.looseObject({
    /** A function tool. */
    type: z.literal('function'),
    /** The function the model may call. */
    function: z.looseObject({
      /** 1–64 letters, digits, underscores or dashes. */
      name: z.string().regex(/^[a-zA-Z0-9_-]{1,64}$/, {
        error: 'must be 1–64 letters, digits, underscores or dashes',
      }),
      /** What the function does, for the model. */
      description: z.string().optional(),
      /** JSON Schema of the arguments. */
      parameters: z.record(z.string(), z.unknown()).optional(),
      /** Require arguments that match `parameters` exactly. */
      strict: z.boolean().nullish(),
    }),
  }),
  z.looseObject({
    /** A custom tool (free-form input). */
    type: z.literal('custom'),
    /** The custom tool. */
    custom: z.looseObject({
      /** Its name. */
      name: z.string().min(1),
      /** What it does, for the model. */
      description: z.string().optional(),
    }),
  }),
]);

/** The `response_format` field: text, JSON mode, or structured outputs with a named schema. */
export const responseFormatSchema = z.discriminatedUnion('type', [
  z.looseObject({
    /** Plain text (the default). */
    type: z.literal('text'),
  }),
  z.looseObject({
    /** JSON mode: the answer is a JSON object. */
    type: z.literal('json_object'),
  }),
  z.looseObject({
    /** Structured outputs: the answer matches `json_schema`. */
    type: z.literal('json_schema'),
    /** The schema and its name. */
    json_schema: z.looseObject({
      /** Name of the schema. */
      name: z.string().min(1),
      /** What the answer is, for the model. */
      description: z.string().optional(),
      /** The JSON Schema the answer must match. */
      schema: z.record(z.string(), z.unknown()).optional(),
      /** Require an answer that matches `schema` exactly. */
      strict: z.boolean().nullish(),
    }),
  }),
]);
