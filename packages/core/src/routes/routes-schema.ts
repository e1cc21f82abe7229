import { z } from 'zod';
import { checkBaseUrl } from '../security/check-base-url.js';
import { isSecret, Secret } from '../security/secret.js';

/** Default of `firstChunkTimeoutMs`, in milliseconds. */
export const DEFAULT_FIRST_CHUNK_TIMEOUT_MS = 15_000;

const ENV_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;
const API_VERSION = /^\d{4}-\d{2}-\d{2}(-[a-z]+)?$/;

/** An error map: `required` when the field is absent, else `expected …`. */
function expected(what: string) {
  return {
    error: (issue: { input?: unknown }) =>
      issue.input === undefined ? 'required' : `expected ${what}`,
  };
}

function text(what = 'a string') {
  return z.string(expected(what)).trim().min(1, { error: 'must not be empty' });
}

function url() {
  return text('a URL')
    .superRefine((value, context) => {
      const problem = checkBaseUrl(value);
      if (problem !== undefined) context.addIssue({ code: 'custom', message: problem });
    })
    .transform((value) => value.replace(/\/+$/, ''));
}

const limit = z
  .number(expected('a whole number ≥ 0'))
  .int({ error: 'expected a whole number ≥ 0' })
  .min(0, { error: 'expected a whole number ≥ 0' })
  .optional();

const common = {
  rpm: limit,
  tpm: limit,
  model: text().optional(),
};

const openaiFields = {
  provider: z.literal('openai'),
  baseURL: url(),
  organization: text().optional(),
  project: text().optional(),
  ...common,
};

const azureFields = {
  provider: z.literal('azure'),
  endpoint: url(),
  deployment: text(),
  // YAML 1.2 reads 2024-10-21 as a string; a bare number (20241021, 2024.1) is refused here.
  apiVersion: z.string(expected('a string such as "2024-10-21" (quote it)')).regex(API_VERSION, {
    error: 'expected a version such as "2024-10-21" or "2025-04-01-preview"',
  }),
  ...common,
};

/** Where a routes file takes a key from; "exactly one" is checked with the references. */
const fileKeyFields = {
  apiKeyEnv: text('an environment variable name')
    .regex(ENV_NAME, { error: 'expected an environment variable name, e.g. OPENAI_API_KEY' })
    .optional(),
  apiKeyFile: text('a file path').optional(),
};

const resolvedKeyFields = {
  apiKey: z
    .union(
      [z.string().trim().min(1), z.instanceof(Secret)],
      expected('a non-empty string or a Secret'),
    )
    .refine((key) => !isSecret(key) || key.reveal().trim() !== '', { error: 'must not be empty' })
    .transform((key) => (isSecret(key) ? key : new Secret(key))),
};

const routeSchema = z.strictObject({
  deployments: z
    .array(text('a deployment name'), expected('a list of deployment names'))
    .min(1, { error: 'list at least one deployment' }),
  contextWindowFallbacks: z
    .array(text('a route name'), expected('a list of route names'))
    .default([]),
});

function routesSchemaWith<K extends z.core.$ZodLooseShape>(keyFields: K) {
  const deployment = z.discriminatedUnion('provider', [
    z.strictObject({ ...openaiFields, ...keyFields }),
    z.strictObject({ ...azureFields, ...keyFields }),
  ]);
  return z.strictObject(
    {
      deployments: z.record(z.string(), deployment, expected('a mapping of name → deployment')),
      routes: z
        .record(z.string(), routeSchema, expected('a mapping of name → route'))
        .refine((routes) => Object.keys(routes).length > 0, {
          error: 'declare at least one route',
        }),
      firstChunkTimeoutMs: z
        .number(expected('a whole number of milliseconds > 0'))
        .int({ error: 'expected a whole number of milliseconds > 0' })
        .positive({ error: 'expected a whole number of milliseconds > 0' })
        .default(DEFAULT_FIRST_CHUNK_TIMEOUT_MS),
    },
    expected('a mapping with deployments and routes'),
  );
}

/**
 * The zod schema of a routes file as written (`apiKeyEnv`/`apiKeyFile`).
 * Cross-references (known deployments and routes, duplicates, cycles, one
 * key source per deployment) are checked by `parseRoutes`, not here.
 */
export const routesFileSchema = routesSchemaWith(fileKeyFields);

/**
 * The zod schema of resolved routes (`apiKey` values, as
 * `createClient({ routes })` takes them); every key comes out as a `Secret`.
 * Cross-references are checked by `parseRoutes`, not here.
 */
export const routesConfigSchema = routesSchemaWith(resolvedKeyFields);
