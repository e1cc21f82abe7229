import { upstreamTarget, type DeploymentConfig } from '@bulwark/core/routes';
import { checkBaseUrl, isSecret, Secret } from '@bulwark/core/security';
import { probeModels, type UpstreamCheck } from './probe-models.js';

/** What {@link checkDeployment} found about one deployment. */
export interface DeploymentCheck {
  /** Whether the key resolved, the URL is allowed and the deployment answered. */
  ok: boolean;
  /** One line for `bulwark doctor`, e.g. `openai-main: key sk-…abcd, https://… answered in 80 ms (GET /models 200, 6 models)`. */
  text: string;
}

/** Options of {@link checkDeployment}. */
export interface CheckDeploymentOptions {
  /** Longest wait for an answer, in milliseconds. @default 10000 */
  timeoutMs?: number | undefined;
  /** Stops the check early (SIGINT). */
  signal?: AbortSignal | undefined;
  /** The `fetch` to use. @default globalThis.fetch */
  fetch?: typeof fetch | undefined;
}

/** Where a deployment lists its models, and the path shown for it. */
function modelsTarget(deployment: DeploymentConfig): {
  base: string;
  path: string;
  url: string;
  headers: Record<string, string>;
} {
  // upstreamTarget() gives the authentication headers; its URL is under one deployment, so
  // Azure's model list (at the resource, outside any deployment) is built next to it.
  const { url, headers } = upstreamTarget(deployment, '/models', '');
  if (deployment.provider === 'openai') {
    return { base: deployment.baseURL, path: '/models', url, headers };
  }
  const base = deployment.endpoint.replace(/\/+$/, '');
  const query = new URLSearchParams({ 'api-version': deployment.apiVersion });
  const path = `/openai/models?${query}`;
  return { base, path, url: `${base}${path}`, headers };
}

/**
 * Checks one deployment of the routes for `bulwark doctor`: that its key
 * resolved (shown masked), that its URL is `https:` or loopback, and that it
 * answers its model list with the key: `GET {baseURL}/models` with a Bearer
 * key for OpenAI, `GET {endpoint}/openai/models?api-version=…` with the
 * `api-key` header for Azure OpenAI. The key never appears in the line.
 *
 * @param name - the deployment's name in the routes file.
 * @param deployment - the deployment, as `loadConfig()` resolved it (its key a `Secret` or a string).
 * @param options - timeout, signal and fetch.
 * @returns whether it passed, and its line.
 */
export async function checkDeployment(
  name: string,
  deployment: DeploymentConfig,
  options: CheckDeploymentOptions = {},
): Promise<DeploymentCheck> {
  const key = isSecret(deployment.apiKey) ? deployment.apiKey : new Secret(deployment.apiKey);
  if (key.reveal().trim() === '') return { ok: false, text: `${name}: no key` };
  const target = modelsTarget(deployment);
  const lead = `${name}: key ${key.toString()}, ${target.base}`;
  const urlProblem = checkBaseUrl(target.base);
  if (urlProblem !== undefined) return { ok: false, text: `${lead}: ${urlProblem}` };
  const check: UpstreamCheck = await probeModels({
    url: target.url,
    headers: target.headers,
    timeoutMs: options.timeoutMs,
    signal: options.signal,
    fetch: options.fetch,
  });
  if (!check.reachable) return { ok: false, text: `${lead} ${check.reason}` };
  const models = check.models === undefined ? '' : `, ${check.models} models`;
  return {
    ok: true,
    text: `${lead} answered in ${Math.round(check.latencyMs)} ms (GET ${target.path} ${check.status}${models})`,
  };
}
