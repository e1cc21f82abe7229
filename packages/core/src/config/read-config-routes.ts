import { ConfigError, type ConfigIssue } from '../errors/errors.js';
import { loadRoutesFile } from '../routes/load-routes-file.js';
import type { ResolvedRoutes } from '../routes/routes-config.js';
import { ROUTES_FILE_VARIABLE } from './environment-variables.js';

/** Where {@link readConfigRoutes} looks for a routes file. */
export interface ConfigRoutesSources {
  /** The environment the configuration is read from (`.env` included); also holds the key variables. */
  env: Readonly<Record<string, string | undefined>>;
  /** Base of a relative path. */
  cwd: string;
  /** The `routesFile` override, which wins over `BULWARK_ROUTES_FILE`. */
  routesFile: string | undefined;
  /** Whether the overrides give `routes` themselves: then no file is read. */
  routesGiven: boolean;
}

/** Routes read from a file, and the variable or override that named it. */
export interface ConfigRoutes {
  /** The routes with every key resolved. */
  routes: ResolvedRoutes;
  /** `BULWARK_ROUTES_FILE` or `overrides.routesFile`. */
  source: string;
}

const OVERRIDE = 'overrides.routesFile';

/**
 * Reads the routes file of `loadConfig()`: the `routesFile` override, else
 * the file `BULWARK_ROUTES_FILE` names (unset or blank: none), with
 * `loadRoutesFile()` and the keys from the same environment as the rest of
 * the configuration. Every problem becomes an issue named by the variable or
 * override that named the file, its message naming the entry, e.g.
 * `BULWARK_ROUTES_FILE: deployments.azure-east.apiKeyEnv: AZURE_OPENAI_API_KEY is not set`
 * (see docs/routes.md).
 *
 * @param sources - the environment, the folder and the overrides.
 * @param issues - where problems are added.
 * @returns the routes and where they came from; `undefined` without a file or when it has problems.
 */
export function readConfigRoutes(
  sources: ConfigRoutesSources,
  issues: ConfigIssue[],
): ConfigRoutes | undefined {
  const fromVariable = sources.env[ROUTES_FILE_VARIABLE]?.trim();
  let file: { path: string; source: string };
  if (sources.routesFile !== undefined) {
    const problem =
      sources.routesFile.trim() === ''
        ? 'expected a file path'
        : sources.routesGiven
          ? 'set either routes or routesFile, not both'
          : undefined;
    if (problem !== undefined) {
      issues.push({ name: OVERRIDE, message: problem });
      return undefined;
    }
    file = { path: sources.routesFile.trim(), source: OVERRIDE };
  } else if (sources.routesGiven || fromVariable === undefined || fromVariable === '') {
    return undefined;
  } else file = { path: fromVariable, source: ROUTES_FILE_VARIABLE };
  try {
    const routes = loadRoutesFile(file.path, { env: sources.env, cwd: sources.cwd });
    return { routes, source: file.source };
  } catch (error) {
    if (!ConfigError.isInstance(error)) throw error;
    issues.push(
      ...error.issues.map((issue) => ({
        name: file.source,
        message: `${issue.name}: ${issue.message}`,
      })),
    );
    return undefined;
  }
}
