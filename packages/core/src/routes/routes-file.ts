import type { AzureDeploymentFields, OpenAIDeploymentFields } from './deployment-fields.js';

/**
 * Where a routes file finds a deployment's key: the name of an environment
 * variable, or the path of a file holding the key (relative paths are
 * relative to the routes file). Exactly one of the two; the key itself never
 * goes in the routes file.
 */
export type ApiKeySource =
  | {
      /** The environment variable holding the key, e.g. `AZURE_OPENAI_API_KEY`. */
      apiKeyEnv: string;
      /** Not with `apiKeyEnv`. */
      apiKeyFile?: undefined;
    }
  | {
      /** A file whose content (trimmed) is the key, e.g. a mounted secret. */
      apiKeyFile: string;
      /** Not with `apiKeyFile`. */
      apiKeyEnv?: undefined;
    };

/** An OpenAI deployment as written in a routes file. */
export type OpenAIDeploymentEntry = OpenAIDeploymentFields & ApiKeySource;

/** An Azure OpenAI deployment as written in a routes file. */
export type AzureDeploymentEntry = AzureDeploymentFields & ApiKeySource;

/** A deployment as written in a routes file, by `provider`. */
export type DeploymentEntry = OpenAIDeploymentEntry | AzureDeploymentEntry;

/** A route: a name callers ask for (a model name or an alias) and where it goes. */
export interface RouteEntry {
  /** Deployment names, tried in order; at least one, each declared under `deployments`. */
  deployments: readonly string[];
  /**
   * Other routes to use, in order, when the prompt does not fit this route's
   * context window. Each must be declared; no route may lead back to itself.
   */
  contextWindowFallbacks?: readonly string[] | undefined;
}

/**
 * The content of a routes file (YAML or JSON), as written: deployments name
 * their key's source (`apiKeyEnv` or `apiKeyFile`), never the key.
 * `loadRoutesFile()` validates it and resolves the keys.
 *
 * @example
 * ```yaml
 * deployments:
 *   openai-main: { provider: openai, baseURL: https://api.openai.com/v1, apiKeyEnv: OPENAI_API_KEY }
 * routes:
 *   gpt-4o: { deployments: [openai-main] }
 * ```
 */
export interface RoutesFile {
  /** Deployment name → deployment. */
  deployments: Readonly<Record<string, DeploymentEntry>>;
  /** Route name → route; at least one. */
  routes: Readonly<Record<string, RouteEntry>>;
  /** How long a stream may take to send its first chunk with content before the chain moves on, in ms. @default 15000 */
  firstChunkTimeoutMs?: number | undefined;
}
