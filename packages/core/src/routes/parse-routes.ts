import type { z } from 'zod';
import { ConfigError, type ConfigIssue } from '../errors/errors.js';
import { checkRouteReferences, type RoutesProblem } from './check-route-references.js';
import { formatPath } from './format-path.js';
import type { ResolvedRoutes } from './routes-config.js';
import { routesConfigSchema, routesFileSchema } from './routes-schema.js';

/** Options of {@link parseRoutes}. */
export interface ParseRoutesOptions {
  /**
   * Put before every issue's path, e.g. `routes.` for the option of
   * `createClient`, so issues read `routes.deployments.azure-east.endpoint`.
   * @default ''
   */
  prefix?: string | undefined;
  /** Lead-in of the error's message. @default 'Invalid routes' */
  message?: string | undefined;
}

/** The routes file after validation, keys not resolved yet. @internal */
export type ValidatedRoutesFile = z.output<typeof routesFileSchema>;

const KEY_IN_FILE =
  'a key never goes in the routes file: name where it is with apiKeyEnv or apiKeyFile';
const KEY_SOURCE_IN_CONFIG =
  'give the key itself as apiKey (loadRoutesFile resolves apiKeyEnv and apiKeyFile)';

/**
 * Validates resolved routes (as `createClient({ routes })` takes them) and
 * applies the defaults: `firstChunkTimeoutMs` 15000, no
 * `contextWindowFallbacks`, URLs without a trailing slash, every `apiKey` a
 * `Secret`. Checks the shape of every entry and the references between
 * them (see {@link RoutesConfig}).
 *
 * @param input - the routes, e.g. the `routes` option.
 * @param options - how issues are named.
 * @returns the validated routes.
 * @throws {@link ConfigError} (code `invalid_config`) with one issue per
 * problem, each naming its path, e.g.
 * `routes.gpt-4o.deployments[1]: unknown deployment "azure-west"`; key
 * values never appear.
 */
export function parseRoutes(input: unknown, options: ParseRoutesOptions = {}): ResolvedRoutes {
  const result = routesConfigSchema.safeParse(input);
  const problems = [
    ...(result.success ? [] : fromZod(result.error, input, 'resolved')),
    ...checkRouteReferences(input, 'resolved'),
  ];
  if (!result.success || problems.length > 0) throw routesError(problems, options);
  return result.data;
}

/**
 * Validates a parsed routes file (`apiKeyEnv`/`apiKeyFile`), like
 * {@link parseRoutes}. Used by `loadRoutesFile`.
 * @internal
 */
export function validateRoutesFile(
  input: unknown,
): { data: ValidatedRoutesFile; problems: [] } | { data: undefined; problems: RoutesProblem[] } {
  const result = routesFileSchema.safeParse(input);
  const problems = [
    ...(result.success ? [] : fromZod(result.error, input, 'file')),
    ...checkRouteReferences(input, 'file'),
  ];
  if (result.success && problems.length === 0) return { data: result.data, problems: [] };
  return { data: undefined, problems };
}

/**
 * Turns problems into a {@link ConfigError}.
 * @internal
 */
export function routesError(
  problems: readonly RoutesProblem[],
  options: ParseRoutesOptions & { root?: string },
): ConfigError {
  const prefix = options.prefix ?? '';
  const root = options.root ?? (prefix.replace(/\.$/, '') || '(root)');
  const issues: ConfigIssue[] = problems.map((problem) => {
    const path = formatPath(problem.path);
    return { name: path === '' ? root : prefix + path, message: problem.message };
  });
  return new ConfigError({ issues, message: options.message ?? 'Invalid routes' });
}

function fromZod(error: z.ZodError, input: unknown, mode: 'file' | 'resolved'): RoutesProblem[] {
  return error.issues.flatMap((issue): RoutesProblem[] => {
    const path = [...issue.path];
    if (issue.code === 'unrecognized_keys') {
      return issue.keys.map((key) => ({ path: [...path, key], message: unknownField(key, mode) }));
    }
    if (issue.code === 'invalid_union' && path.at(-1) === 'provider') {
      const provider = valueAt(input, path);
      return [
        {
          path,
          message: providerProblem(provider),
        },
      ];
    }
    return [{ path, message: issue.message }];
  });
}

function providerProblem(provider: unknown): string {
  if (provider === undefined) return 'required (openai or azure)';
  // Only a short word is quoted back: anything else could be a key pasted in the wrong place.
  const shown =
    typeof provider === 'string' && /^[\w-]{1,24}$/.test(provider) ? ` "${provider}"` : '';
  return `unknown provider${shown} (expected openai or azure)`;
}

function unknownField(key: string, mode: 'file' | 'resolved'): string {
  if (mode === 'file' && key === 'apiKey') return KEY_IN_FILE;
  if (mode === 'resolved' && (key === 'apiKeyEnv' || key === 'apiKeyFile')) {
    return KEY_SOURCE_IN_CONFIG;
  }
  return 'unknown field';
}

function valueAt(input: unknown, path: readonly PropertyKey[]): unknown {
  let value = input;
  for (const key of path) {
    if (typeof value !== 'object' || value === null) return undefined;
    value = (value as Record<PropertyKey, unknown>)[key];
  }
  return value;
}
