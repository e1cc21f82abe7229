import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { ConfigError } from '../errors/errors.js';
import { parseRoutesText } from './parse-routes-text.js';
import { routesError, validateRoutesFile } from './parse-routes.js';
import { readApiKeys } from './read-api-keys.js';
import type { ResolvedDeployment, ResolvedRoutes } from './routes-config.js';

/** Options of {@link loadRoutesFile}. */
export interface LoadRoutesFileOptions {
  /** The environment the `apiKeyEnv` variables are read from (core reads `process.env` only in `loadConfig`). */
  env: Readonly<Record<string, string | undefined>>;
  /**
   * Reads a file (the routes file, a key file) as UTF-8 text, synchronously
   * (so `loadConfig()` stays synchronous); throws a Node error with a `code`
   * when it cannot.
   * @default fs.readFileSync(path, 'utf8')
   */
  readFile?: ((path: string) => string) | undefined;
  /** Base of a relative routes file path. @default process.cwd() */
  cwd?: string | undefined;
}

const readUtf8 = (path: string): string => readFileSync(path, 'utf8');

/**
 * Reads a routes file (YAML by `.yaml`/`.yml`, JSON by `.json`), validates
 * it, and resolves each deployment's key from `env[apiKeyEnv]` or from the
 * file at `apiKeyFile` (trimmed; relative to the routes file's folder).
 *
 * @param path - the routes file, e.g. the value of `BULWARK_ROUTES_FILE`.
 * @param options - the environment, and a file reader for tests.
 * @returns the routes with every key as a `Secret`, ready for `createClient({ routes })`.
 * @throws {@link ConfigError} (code `invalid_config`) listing every problem,
 * each named by its place in the file (the file's path for the file as a
 * whole): the file is missing or unreadable, does not parse (with line and
 * column), breaks the schema (e.g. `routes.gpt-4o.deployments[1]: unknown
 * deployment "azure-west"`), names a key variable that is unset or empty, or
 * a key file that cannot be read. No key value appears in it.
 * @example
 * ```ts
 * const routes = loadRoutesFile('routes.yaml', { env: process.env });
 * const client = createClient({ routes });
 * ```
 */
export function loadRoutesFile(path: string, options: LoadRoutesFileOptions): ResolvedRoutes {
  const readFile = options.readFile ?? readUtf8;
  const absolute = resolve(options.cwd ?? process.cwd(), path);
  const message = `Invalid routes file ${path}`;
  const fail = (problem: string): ConfigError =>
    new ConfigError({ issues: [{ name: path, message: problem }], message });
  let text: string;
  try {
    text = readFile(absolute);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? 'unreadable';
    throw fail(`cannot read the file (${code})`);
  }
  const parsed = parseRoutesText(text, absolute);
  if ('error' in parsed) throw fail(parsed.error);
  const validated = validateRoutesFile(parsed.value);
  const raw = parsed.value as { deployments?: unknown } | null;
  const { keys, problems } = readApiKeys(raw?.deployments, {
    env: options.env,
    readFile,
    resolvePath: (file) => resolve(dirname(absolute), file),
  });
  const all = [...validated.problems, ...problems];
  if (validated.data === undefined || all.length > 0) {
    throw routesError(all, { message, root: path });
  }
  const deployments: Record<string, ResolvedDeployment> = {};
  for (const [name, entry] of Object.entries(validated.data.deployments)) {
    const { apiKeyEnv: _env, apiKeyFile: _file, ...fields } = entry;
    const apiKey = keys.get(name);
    // Every validated deployment has one key source, and every source was read without a problem.
    if (apiKey === undefined) throw new Error(`no key was read for deployment ${name}`);
    deployments[name] = { ...fields, apiKey };
  }
  return {
    deployments,
    routes: validated.data.routes,
    firstChunkTimeoutMs: validated.data.firstChunkTimeoutMs,
  };
}
