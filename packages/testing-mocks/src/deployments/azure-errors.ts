import { openAIErrorBody, type OpenAIErrorBody } from '../engine/openai-error.js';

/** Azure's message for a missing or wrong key. @internal */
export const AZURE_ACCESS_DENIED =
  'Access denied due to invalid subscription key or wrong API endpoint. Make sure to provide a valid key for an active subscription and use a correct regional API endpoint for your resource.';

/** Azure's content-filter details of a refused prompt. @internal */
export const AZURE_CONTENT_FILTER_RESULT = {
  hate: { filtered: true, severity: 'high' },
  self_harm: { filtered: false, severity: 'safe' },
  sexual: { filtered: false, severity: 'safe' },
  violence: { filtered: false, severity: 'safe' },
};

const CONTENT_FILTER_MESSAGE =
  "The response was filtered due to the prompt triggering Azure OpenAI's content management policy. Please modify your prompt and retry. To learn more about our content filtering policies please read our documentation: https://go.microsoft.com/fwlink/?linkid=2198766";

/** Statuses Azure's gateway answers itself, in its own `{ code, message }` shape. */
const GATEWAY_STATUSES = new Set([401, 403, 404, 408, 429]);

/**
 * An Azure-shaped error response. @internal
 */
export function azureErrorResponse(
  status: number,
  error: Record<string, unknown>,
  headers?: Headers,
): Response {
  const sent = headers ?? new Headers();
  sent.set('content-type', 'application/json');
  return new Response(JSON.stringify({ error }), { status, headers: sent });
}

/**
 * Rewrites an OpenAI-shaped error response of the engine as Azure OpenAI
 * answers: gateway errors (401, 403, 404, 408, 429, 5xx) as
 * `{"error":{"code":"<status or code>","message":…}}`, a 429's message as
 * Azure words it; `content_filter` refusals with `status` and `innererror`;
 * other 4xx (the model's validation) in OpenAI's shape, as Azure passes them
 * through. Headers are kept.
 * @internal
 */
export async function toAzureError(response: Response, apiVersion: string): Promise<Response> {
  let body: OpenAIErrorBody;
  try {
    body = (await response.clone().json()) as OpenAIErrorBody;
  } catch {
    return response;
  }
  const { status } = response;
  const { message, type, param, code } = body.error;
  const headers = new Headers(response.headers);
  if (code === 'content_filter') {
    const isDefault = message === openAIErrorBody(status).error.message;
    return azureErrorResponse(
      status,
      {
        message: isDefault ? CONTENT_FILTER_MESSAGE : message,
        type: null,
        param: param ?? 'prompt',
        code,
        status,
        innererror: {
          code: 'ResponsibleAIPolicyViolation',
          content_filter_result: AZURE_CONTENT_FILTER_RESULT,
        },
      },
      headers,
    );
  }
  if (!GATEWAY_STATUSES.has(status) && status < 500) return response;
  if (status === 429 && (code === 'rate_limit_exceeded' || code === null)) {
    const seconds = Number(headers.get('retry-after') ?? '') || 1;
    return azureErrorResponse(
      status,
      {
        code: '429',
        message: `Requests to the ChatCompletions_Create Operation under Azure OpenAI API version ${apiVersion} have exceeded ${type === 'tokens' ? 'token' : 'call'} rate limit of your current OpenAI S0 pricing tier. Please retry after ${seconds} second${seconds === 1 ? '' : 's'}. Please go here: https://aka.ms/oai/quotaincrease if you would like to further increase the default rate limit.`,
      },
      headers,
    );
  }
  return azureErrorResponse(status, { code: code ?? String(status), message }, headers);
}
