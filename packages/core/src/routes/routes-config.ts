import type { Secret } from '../security/secret.js';
import type { AzureDeploymentFields, OpenAIDeploymentFields } from './deployment-fields.js';
import type { RouteEntry } from './routes-file.js';

/** A deployment's key in clear or as a {@link Secret}, as `createClient({ apiKey })` takes it. */
export interface ResolvedApiKey {
  /** The key. Never logged: a string is wrapped in a {@link Secret} when parsed. */
  apiKey: string | Secret;
}

/** An OpenAI deployment with its key. */
export type OpenAIDeploymentConfig = OpenAIDeploymentFields & ResolvedApiKey;

/** An Azure OpenAI deployment with its key. */
export type AzureDeploymentConfig = AzureDeploymentFields & ResolvedApiKey;

/** A deployment with its key, by `provider`. */
export type DeploymentConfig = OpenAIDeploymentConfig | AzureDeploymentConfig;

/**
 * The routes as `createClient({ routes })` takes them: the structure of a
 * routes file ({@link RoutesFile}) with `apiKey` values instead of
 * `apiKeyEnv`/`apiKeyFile`.
 *
 * @example
 * ```ts
 * createClient({
 *   routes: {
 *     deployments: {
 *       'azure-east': {
 *         provider: 'azure',
 *         endpoint: 'https://my-resource.openai.azure.com',
 *         deployment: 'gpt-4-1106',
 *         apiVersion: '2024-10-21',
 *         apiKey: secretFromVault,
 *       },
 *     },
 *     routes: { 'gpt-4-1106-preview': { deployments: ['azure-east'] } },
 *   },
 * });
 * ```
 */
export interface RoutesConfig {
  /** Deployment name → deployment with its key. */
  deployments: Readonly<Record<string, DeploymentConfig>>;
  /** Route name → route; at least one. */
  routes: Readonly<Record<string, RouteEntry>>;
  /** How long a stream may take to send its first chunk with content before the chain moves on, in ms. @default 15000 */
  firstChunkTimeoutMs?: number | undefined;
}

/** A validated deployment: its key is always a {@link Secret}. */
export type ResolvedDeployment =
  (OpenAIDeploymentFields & { apiKey: Secret }) | (AzureDeploymentFields & { apiKey: Secret });

/** A validated route: `contextWindowFallbacks` defaults to none. */
export interface ResolvedRoute {
  /** Deployment names, tried in order. */
  deployments: readonly string[];
  /** Routes used, in order, when the prompt does not fit; may be empty. */
  contextWindowFallbacks: readonly string[];
}

/**
 * Validated routes with defaults applied and every key a {@link Secret}:
 * what `parseRoutes()` and `loadRoutesFile()` return. Assignable to
 * {@link RoutesConfig}.
 */
export interface ResolvedRoutes {
  /** Deployment name → deployment. */
  deployments: Readonly<Record<string, ResolvedDeployment>>;
  /** Route name → route. */
  routes: Readonly<Record<string, ResolvedRoute>>;
  /** In milliseconds. */
  firstChunkTimeoutMs: number;
}
