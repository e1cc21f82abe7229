import { isSecret } from '../security/secret.js';
import type { DeploymentConfig } from './routes-config.js';

/** An API path under a deployment, e.g. `/chat/completions` or `/embeddings`. */
export type UpstreamApiPath = `/${string}`;

/** Where and how one request to a deployment goes. */
export interface UpstreamTarget {
  /** The full URL, query string included (Azure's `api-version`). */
  url: string;
  /**
   * The headers that address and authenticate the request, lower-case:
   * `authorization: Bearer …` (plus `openai-organization`,
   * `openai-project`) for OpenAI, `api-key` for Azure. They hold the key in
   * clear: never log them.
   */
  headers: Record<string, string>;
  /**
   * The `model` to put in the body: the deployment's `model`, else the route
   * name. Azure ignores it (the deployment decides), so it is sent as is.
   */
  model: string;
}

/**
 * Computes the upstream request target of a deployment for an API path:
 * OpenAI: `baseURL + path` with a Bearer key; Azure:
 * `endpoint/openai/deployments/{deployment}{path}?api-version=…` with an
 * `api-key` header.
 *
 * @param deployment - a deployment, best validated by `parseRoutes` or `loadRoutesFile` (its key a string or a `Secret`).
 * @param path - the API path, e.g. `/chat/completions`, `/embeddings`.
 * @param routeName - the route the caller asked for: the model sent when the deployment names none.
 * @returns the URL, headers and model.
 * @example
 * ```ts
 * const { url, headers, model } = upstreamTarget(routes.deployments['azure-east'], '/chat/completions', 'gpt-4o');
 * await fetch(url, { method: 'POST', headers: { ...headers, 'content-type': 'application/json' }, body: JSON.stringify({ ...body, model }) });
 * ```
 */
export function upstreamTarget(
  deployment: DeploymentConfig,
  path: UpstreamApiPath,
  routeName: string,
): UpstreamTarget {
  const model = deployment.model ?? routeName;
  const key = isSecret(deployment.apiKey) ? deployment.apiKey.reveal() : deployment.apiKey;
  // Parsed routes carry no trailing slash; a hand-built deployment may.
  const { baseURL, query } = deploymentEndpoint(deployment);
  if (deployment.provider === 'azure') {
    return { url: `${baseURL}${path}${query}`, headers: { 'api-key': key }, model };
  }
  const headers: Record<string, string> = {
    authorization: `Bearer ${key}`,
  };
  if (deployment.organization !== undefined)
    headers['openai-organization'] = deployment.organization;
  if (deployment.project !== undefined) headers['openai-project'] = deployment.project;
  return { url: `${baseURL}${path}`, headers, model };
}

/**
 * The base URL every API path of a deployment goes under, and the query
 * string every request carries: OpenAI's `baseURL` and none; Azure's
 * `endpoint/openai/deployments/{deployment}` and `?api-version=…`.
 *
 * @param deployment - a deployment (its URLs with or without a trailing slash).
 * @returns the base URL, without a trailing slash, and the query string (`''` or starting with `?`).
 */
export function deploymentEndpoint(
  deployment: Pick<DeploymentConfig, 'provider'> &
    (
      | { provider: 'openai'; baseURL: string }
      | { provider: 'azure'; endpoint: string; deployment: string; apiVersion: string }
    ),
): { baseURL: string; query: string } {
  if (deployment.provider === 'azure') {
    const base = deployment.endpoint.replace(/\/+$/, '');
    const query = new URLSearchParams({ 'api-version': deployment.apiVersion });
    return {
      baseURL: `${base}/openai/deployments/${encodeURIComponent(deployment.deployment)}`,
      query: `?${query}`,
    };
  }
  return { baseURL: deployment.baseURL.replace(/\/+$/, ''), query: '' };
}
