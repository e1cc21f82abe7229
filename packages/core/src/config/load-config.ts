import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseEnv } from 'node:util';
import type { z } from 'zod';
import { ConfigError, type ConfigIssue } from '../errors/errors.js';
import {
  bulwarkConfigSchema,
  type BulwarkConfig,
  type ConfigOverrides,
} from './bulwark-config-schema.js';
import {
  API_KEY_FILE_VARIABLE,
  ENVIRONMENT_VARIABLES,
  FILE_VARIABLES,
  MODELS_FILE_VARIABLE,
} from './environment-variables.js';
import { mergeDefined } from './merge-defined.js';
import { readConfigModels } from './read-config-models.js';
import { readConfigRoutes } from './read-config-routes.js';

/** Options of {@link loadConfig}. */
export interface LoadConfigOptions {
  /** The environment to read. @default process.env */
  env?: Readonly<Record<string, string | undefined>> | undefined;
  /** Folder of the `.env` file and base of a relative `OPENAI_API_KEY_FILE`. @default process.cwd() */
  cwd?: string | undefined;
  /**
   * Read `<cwd>/.env` (with Node's `util.parseEnv`) below the environment. A
   * missing file is not an error. Never read unless asked.
   * @default false
   */
  dotenv?: boolean | undefined;
  /** Explicit values above every other source (e.g. CLI flags), `routesFile` included. */
  overrides?: ConfigOverrides | undefined;
}

/** Input of `bulwarkConfigSchema` read from the environment, and which variable set each field. */
interface EnvironmentInput {
  values: Record<string, unknown>;
  origins: Map<string, string>;
}

/**
 * Builds the configuration from, in rising priority: defaults, `<cwd>/.env`
 * (only with `dotenv: true`), the environment, and `overrides`. Each variable
 * is mapped onto its field of `bulwarkConfigSchema`, the schema whose client
 * part `createClient()` parses its options with, so both validate alike and
 * apply the same defaults (see docs/configuration.md). The key comes from
 * `OPENAI_API_KEY` or from the file named by `OPENAI_API_KEY_FILE` (not
 * both). `OPENAI_BASE_URL` must use `https:` unless its host is loopback
 * (127.0.0.0/8, `::1`, `localhost`). `BULWARK_CACHE=redis` requires
 * `BULWARK_REDIS_URL`; a Redis URL also moves the rate limits to Redis (see
 * `ClientOptions.redis`). The proxy variables are read in both cases, the
 * lower-case form first. `BULWARK_ROUTES_FILE` (or the `routesFile`
 * override) names a routes file, read with `loadRoutesFile()` into `routes`,
 * its key variables from the same sources (see docs/routes.md). Secrets come
 * back as `Secret` values, masked in `String()`, `JSON.stringify` and
 * `util.inspect`.
 *
 * This is the only place in `@bulwark/core` that reads `process.env`.
 *
 * @param options - where to read from.
 * @returns the validated configuration, ready for `createClient()`.
 * @throws {@link ConfigError} (code `invalid_config`) naming every bad
 * variable or override with the reason; a bad routes file gives one issue
 * per problem, named by the variable, its message naming the entry, e.g.
 * `BULWARK_ROUTES_FILE: routes.gpt-4o.deployments[1]: unknown deployment "azure-west"`.
 * @example
 * ```ts
 * const client = createClient(loadConfig({ dotenv: true }));
 * ```
 */
export function loadConfig(options: LoadConfigOptions = {}): BulwarkConfig {
  const cwd = options.cwd ?? process.cwd();
  const sources = {
    ...(options.dotenv === true ? readDotenv(cwd) : {}),
    ...(options.env ?? process.env),
  };
  const issues: ConfigIssue[] = [];
  const { routesFile, ...overrides } = options.overrides ?? {};
  const environment = readEnvironment(sources, cwd, issues);
  const routes = readConfigRoutes(
    { env: sources, cwd, routesFile, routesGiven: overrides.routes !== undefined },
    issues,
  );
  if (routes !== undefined) {
    environment.values['routes'] = routes.routes;
    environment.origins.set('routes', routes.source);
  }
  const models = readConfigModels(sources, cwd, issues);
  if (models !== undefined) {
    environment.values['models'] = models;
    environment.origins.set('models', MODELS_FILE_VARIABLE);
  }
  const fromEnvironment = bulwarkConfigSchema.safeParse(environment.values);
  if (!fromEnvironment.success) {
    issues.push(...toIssues(fromEnvironment.error, (path) => nameOf(environment.origins, path)));
  }
  const fromOverrides = bulwarkConfigSchema.safeParse(overrides);
  if (!fromOverrides.success) {
    issues.push(...toIssues(fromOverrides.error, (path) => `overrides.${path}`));
  }
  if (issues.length > 0) throw new ConfigError({ issues });
  const merged = bulwarkConfigSchema.safeParse(mergeDefined(environment.values, overrides));
  if (!merged.success) throw new ConfigError({ issues: toIssues(merged.error, (path) => path) });
  const config = merged.data;
  if (config.cache.store === 'redis' && config.redis.url === undefined) {
    throw new ConfigError({
      issues: [
        {
          name: 'BULWARK_REDIS_URL',
          message: 'required when BULWARK_CACHE=redis (e.g. redis://127.0.0.1:6379)',
        },
      ],
    });
  }
  return config;
}

function readDotenv(cwd: string): Record<string, string | undefined> {
  let content: string;
  try {
    content = readFileSync(resolve(cwd, '.env'), 'utf8');
  } catch {
    return {};
  }
  return parseEnv(content);
}

/** Each set variable's text, parsed and placed at its field's path. */
function readEnvironment(
  sources: Readonly<Record<string, string | undefined>>,
  cwd: string,
  issues: ConfigIssue[],
): EnvironmentInput {
  const values: Record<string, unknown> = {};
  const origins = new Map<string, string>();
  const set = (name: string, path: readonly string[], value: unknown): void => {
    let target = values;
    for (const key of path.slice(0, -1)) {
      target[key] ??= {};
      target = target[key] as Record<string, unknown>;
    }
    target[path.at(-1) ?? ''] = value;
    origins.set(path.join('.'), name);
  };
  const text = (name: string): string | undefined => {
    const value = sources[name]?.trim();
    return value === '' ? undefined : value;
  };
  for (const variable of ENVIRONMENT_VARIABLES) {
    // Each names a file: read below, in readConfigRoutes and in readConfigModels.
    if (FILE_VARIABLES.has(variable.name)) continue;
    const name = variable.names.find((candidate) => text(candidate) !== undefined);
    const value = name === undefined ? undefined : text(name);
    if (name !== undefined && value !== undefined) set(name, variable.path, variable.parse(value));
  }
  const keyFile = text(API_KEY_FILE_VARIABLE);
  if (keyFile !== undefined) {
    const key = readKeyFile(keyFile, values['apiKey'] !== undefined, cwd, issues);
    if (key !== undefined) set(API_KEY_FILE_VARIABLE, ['apiKey'], key);
  }
  return { values, origins };
}

function readKeyFile(
  file: string,
  keySet: boolean,
  cwd: string,
  issues: ConfigIssue[],
): string | undefined {
  const fail = (message: string): undefined => {
    issues.push({ name: API_KEY_FILE_VARIABLE, message });
    return undefined;
  };
  if (keySet) return fail('set either it or OPENAI_API_KEY, not both');
  try {
    const key = readFileSync(resolve(cwd, file), 'utf8').trim();
    return key === '' ? fail('the file is empty') : key;
  } catch (error) {
    return fail(`cannot read the file (${(error as NodeJS.ErrnoException).code ?? 'unreadable'})`);
  }
}

/** The variable that set the field at `path`, or at the nearest enclosing field. */
function nameOf(origins: ReadonlyMap<string, string>, path: string): string {
  for (let end = path.length; end > 0; end = path.lastIndexOf('.', end - 1)) {
    const name = origins.get(path.slice(0, end));
    if (name !== undefined) return name;
    if (end === -1) break;
  }
  return path;
}

function toIssues(error: z.ZodError, name: (path: string) => string): ConfigIssue[] {
  return error.issues.map((issue) => ({
    name: name(issue.path.map(String).join('.')),
    message: issue.message,
  }));
}
