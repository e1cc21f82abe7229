/**
 * `@bulwark/core/routes`: routes and deployments (see `docs/architecture.md`,
 * "Routes, deployments and fallback"). The routes file's schema (YAML or
 * JSON, keys named by `apiKeyEnv`/`apiKeyFile`) and the resolved shape that
 * `createClient({ routes })` takes (`apiKey` values); `loadRoutesFile()` to
 * read, validate and resolve a file; `upstreamTarget()` for a deployment's
 * URL and headers (OpenAI or Azure OpenAI); `mapAzureError()` and
 * `mapAzureHeaders()` to read Azure's answers in OpenAI's shape.
 *
 * @module @bulwark/core/routes
 */
export type {
  AzureDeploymentFields,
  DeploymentLimits,
  OpenAIDeploymentFields,
} from './deployment-fields.js';
export type {
  ApiKeySource,
  AzureDeploymentEntry,
  DeploymentEntry,
  OpenAIDeploymentEntry,
  RouteEntry,
  RoutesFile,
} from './routes-file.js';
export type {
  AzureDeploymentConfig,
  DeploymentConfig,
  OpenAIDeploymentConfig,
  ResolvedApiKey,
  ResolvedDeployment,
  ResolvedRoute,
  ResolvedRoutes,
  RoutesConfig,
} from './routes-config.js';
export {
  DEFAULT_FIRST_CHUNK_TIMEOUT_MS,
  routesConfigSchema,
  routesFileSchema,
} from './routes-schema.js';
export { parseRoutes, type ParseRoutesOptions } from './parse-routes.js';
export { loadRoutesFile, type LoadRoutesFileOptions } from './load-routes-file.js';
export { upstreamTarget, type UpstreamApiPath, type UpstreamTarget } from './upstream-target.js';
export {
  mapAzureError,
  type AzureErrorResponse,
  type AzureInnerError,
  type MappedAzureError,
} from './map-azure-error.js';
export { mapAzureHeaders, type HeaderLookup } from './map-azure-headers.js';
