import { openAIErrorResponse } from '../engine/openai-error.js';
import { AZURE_ACCESS_DENIED, azureErrorResponse } from './azure-errors.js';
import type { MockDeploymentOptions } from './mock-deployment.js';

const API_VERSION = /^\d{4}-\d{2}-\d{2}(-preview)?$/;
const AZURE_PATH = /^\/openai\/deployments\/([^/]+)(\/.*)$/;
/** The resource's model list, outside any deployment (Azure's "Models - List"). */
const AZURE_MODELS_PATH = /^\/openai\/models\/?$/;

/** What the gate decided: answer now, or pass on with Azure's `api-version`. @internal */
export type GateDecision = { answer: Response } | { apiVersion: string | undefined };

/**
 * Checks a request the way the provider does before any model runs: the key
 * (Bearer for OpenAI, `api-key` for Azure), then for Azure the URL shape,
 * the deployment name and `api-version`. Azure's `GET /openai/models` (the
 * resource's model list, which names no deployment) passes the same key and
 * `api-version` checks.
 *
 * @param request - the request.
 * @param rest - its path after the deployment's `/{name}` prefix.
 * @param options - the deployment's options.
 * @param name - the deployment's name (Azure's default deployment name).
 * @internal
 */
export function checkDeploymentRequest(
  request: Request,
  rest: string,
  options: MockDeploymentOptions,
  name: string,
): GateDecision {
  return options.provider === 'azure'
    ? checkAzure(request, rest, options, name)
    : checkOpenAI(request, options);
}

function checkOpenAI(request: Request, options: MockDeploymentOptions): GateDecision {
  const authorization = request.headers.get('authorization');
  if (authorization === null || !/^Bearer\s+\S/i.test(authorization)) {
    return {
      answer: openAIErrorResponse(401, {
        message:
          "You didn't provide an API key. You need to provide your API key in an Authorization header using Bearer auth (i.e. Authorization: Bearer YOUR_KEY).",
      }),
    };
  }
  const key = authorization.replace(/^Bearer\s+/i, '').trim();
  if (options.apiKey !== undefined && key !== options.apiKey) {
    return {
      answer: openAIErrorResponse(401, {
        message: 'Incorrect API key provided.',
        code: 'invalid_api_key',
      }),
    };
  }
  return { apiVersion: undefined };
}

function checkAzure(
  request: Request,
  rest: string,
  options: MockDeploymentOptions,
  name: string,
): GateDecision {
  const key = request.headers.get('api-key');
  if (key === null || key === '' || (options.apiKey !== undefined && key !== options.apiKey)) {
    return { answer: azureErrorResponse(401, { code: '401', message: AZURE_ACCESS_DENIED }) };
  }
  const notFound = {
    answer: azureErrorResponse(404, { code: '404', message: 'Resource not found' }),
  };
  const apiVersion = new URL(request.url).searchParams.get('api-version');
  const match = AZURE_PATH.exec(rest);
  const listsModels = request.method === 'GET' && AZURE_MODELS_PATH.test(rest);
  if (apiVersion === null || apiVersion === '' || (match === null && !listsModels)) return notFound;
  const served = options.apiVersions ?? [];
  if (served.length > 0 ? !served.includes(apiVersion) : !API_VERSION.test(apiVersion)) {
    return {
      answer: azureErrorResponse(400, { code: 'BadRequest', message: 'API version not supported' }),
    };
  }
  if (match !== null && decodeURIComponent(match[1] ?? '') !== (options.deployment ?? name)) {
    return {
      answer: azureErrorResponse(404, {
        code: 'DeploymentNotFound',
        message:
          'The API deployment for this resource does not exist. If you created the deployment within the last 5 minutes, please wait a moment and try again.',
      }),
    };
  }
  return { apiVersion };
}
