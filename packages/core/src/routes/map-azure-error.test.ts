import { describe, expect, it } from 'vitest';
import { mapAzureError } from './map-azure-error.js';
import { mapAzureHeaders } from './map-azure-headers.js';

describe('mapAzureError', () => {
  it('maps the gateway throttle to rate_limit_exceeded with both retry headers', () => {
    const mapped = mapAzureError({
      status: 429,
      headers: new Headers({
        'retry-after': '6',
        'x-ratelimit-remaining-requests': '12',
        'x-ratelimit-remaining-tokens': '0',
        'apim-request-id': 'apim-1',
      }),
      body: {
        error: {
          code: '429',
          message:
            'Requests to the ChatCompletions_Create Operation have exceeded token rate limit.',
        },
      },
    });
    expect(mapped).toEqual({
      status: 429,
      body: {
        error: {
          message:
            'Requests to the ChatCompletions_Create Operation have exceeded token rate limit.',
          type: 'requests',
          param: null,
          code: 'rate_limit_exceeded',
        },
      },
      headers: {
        'x-request-id': 'apim-1',
        'x-ratelimit-remaining-requests': '12',
        'x-ratelimit-remaining-tokens': '0',
        'retry-after-ms': '6000',
        'retry-after': '6',
      },
      innerError: undefined,
    });
  });

  it('maps a 401 to invalid_api_key and DeploymentNotFound to model_not_found', () => {
    const unauthorized = mapAzureError({
      status: 401,
      headers: new Headers(),
      body: { error: { code: '401', message: 'Access denied due to invalid subscription key.' } },
    });
    expect(unauthorized.body.error).toMatchObject({
      code: 'invalid_api_key',
      type: 'invalid_request_error',
    });
    const missing = mapAzureError({
      status: 404,
      headers: new Headers(),
      body: {
        error: {
          code: 'DeploymentNotFound',
          message: 'The API deployment for this resource does not exist.',
        },
      },
    });
    expect(missing.body.error).toMatchObject({
      code: 'model_not_found',
      type: 'invalid_request_error',
    });
    const notFound = mapAzureError({
      status: 404,
      headers: new Headers(),
      body: { error: { code: '404', message: 'Resource not found' } },
    });
    expect(notFound.body.error.code).toBeNull();
  });

  it('keeps a content-filter refusal and returns its inner error apart', () => {
    const result = {
      hate: { filtered: true, severity: 'high' },
      violence: { filtered: false, severity: 'safe' },
    };
    const mapped = mapAzureError({
      status: 400,
      headers: new Headers({ 'x-request-id': 'req-1' }),
      body: {
        error: {
          message:
            "The response was filtered due to the prompt triggering Azure OpenAI's content management policy.",
          type: null,
          param: 'prompt',
          code: 'content_filter',
          status: 400,
          innererror: { code: 'ResponsibleAIPolicyViolation', content_filter_result: result },
        },
      },
    });
    expect(mapped.body.error).toEqual({
      message:
        "The response was filtered due to the prompt triggering Azure OpenAI's content management policy.",
      type: 'invalid_request_error',
      param: 'prompt',
      code: 'content_filter',
    });
    expect(mapped.innerError).toEqual({
      code: 'ResponsibleAIPolicyViolation',
      contentFilterResult: result,
    });
    expect(mapped.headers).toEqual({ 'x-request-id': 'req-1' });
  });

  it('passes OpenAI-shaped errors through and describes a body that is not Azure JSON', () => {
    const passed = mapAzureError({
      status: 400,
      headers: new Headers(),
      body: {
        error: {
          message: 'too long',
          type: 'invalid_request_error',
          param: 'messages',
          code: 'context_length_exceeded',
        },
      },
    });
    expect(passed.body.error).toEqual({
      message: 'too long',
      type: 'invalid_request_error',
      param: 'messages',
      code: 'context_length_exceeded',
    });
    const html = mapAzureError({
      status: 502,
      headers: new Headers(),
      body: '<html>Bad Gateway</html>',
    });
    expect(html.body.error).toEqual({
      message: 'Azure OpenAI answered with status 502',
      type: 'server_error',
      param: null,
      code: null,
    });
  });
});

describe('mapAzureHeaders', () => {
  it('prefers retry-after-ms and keeps x-request-id over apim-request-id', () => {
    const headers = new Headers({
      'retry-after-ms': '1500',
      'retry-after': '9',
      'x-request-id': 'r',
      'apim-request-id': 'a',
    });
    expect(mapAzureHeaders(headers)).toEqual({
      'x-request-id': 'r',
      'retry-after-ms': '1500',
      'retry-after': '2',
    });
  });

  it('reads a lookup that answers undefined for absent headers', () => {
    expect(mapAzureHeaders({ get: () => undefined })).toEqual({});
  });
});
