import OpenAI, { AzureOpenAI } from 'openai';
import { describe, expect, it } from 'vitest';
import { createMockOpenAI, type MockOpenAI } from '../engine/create-mock-openai.js';

const messages = [{ role: 'user' as const, content: 'Hello' }];
const API_VERSION = '2024-10-21';

function azureClient(mock: MockOpenAI, name: string, apiKey = 'azure-key'): AzureOpenAI {
  return new AzureOpenAI({
    endpoint: mock.deployment(name).url(),
    apiKey,
    apiVersion: API_VERSION,
    deployment: name,
    fetch: mock.fetch,
    maxRetries: 0,
  });
}

function openaiClient(mock: MockOpenAI, name: string, apiKey = 'sk-main'): OpenAI {
  return new OpenAI({
    baseURL: mock.deployment(name).url(),
    apiKey,
    fetch: mock.fetch,
    maxRetries: 0,
  });
}

/** A raw chat POST, for what the SDK would not send. */
function post(
  mock: MockOpenAI,
  url: string,
  headers: Record<string, string>,
  body: unknown = { messages },
) {
  return mock.fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify(body),
  });
}

const AZURE_URL = `http://127.0.0.1/azure-east/openai/deployments/azure-east/chat/completions?api-version=${API_VERSION}`;

describe('mock deployments', () => {
  it('answers each deployment from its own script and logs which one was called', async () => {
    const mock = createMockOpenAI();
    mock
      .deployment('openai-main', { provider: 'openai', apiKey: 'sk-main' })
      .onChat()
      .reply('from OpenAI');
    mock
      .deployment('azure-east', { provider: 'azure', apiKey: 'azure-key' })
      .onChat()
      .reply('from Azure');
    mock.onChat().reply('from the default route');

    const fromAzure = await azureClient(mock, 'azure-east').chat.completions.create({
      model: 'gpt-4o',
      messages,
    });
    const fromOpenAI = await openaiClient(mock, 'openai-main').chat.completions.create({
      model: 'gpt-4o',
      messages,
    });
    const plain = new OpenAI({ apiKey: 'sk-test', fetch: mock.fetch, maxRetries: 0 });
    const fromDefault = await plain.chat.completions.create({ model: 'gpt-4o', messages });

    expect(fromAzure.choices[0]?.message.content).toBe('from Azure');
    expect(fromOpenAI.choices[0]?.message.content).toBe('from OpenAI');
    expect(fromDefault.choices[0]?.message.content).toBe('from the default route');
    expect(mock.calls.map((call) => call.deployment)).toEqual([
      'azure-east',
      'openai-main',
      undefined,
    ]);
    expect(mock.calls[0]?.headers['api-key']).toBe('azure-key');
    expect(mock.calls[0]?.url).toBe(AZURE_URL);
    expect(mock.calls[1]?.headers['authorization']).toBe('Bearer sk-main');
    expect(mock.deployment('azure-east').calls).toHaveLength(1);
    expect(mock.deployment('openai-main').calls[0]?.body.model).toBe('gpt-4o');
  });

  it('gives each deployment its own faults, in Azure shape for Azure', async () => {
    const mock = createMockOpenAI({
      deployments: { 'azure-east': { provider: 'azure' }, 'openai-main': { provider: 'openai' } },
    });
    mock
      .deployment('azure-east')
      .onChat()
      .failOnce(429, { retryAfterMs: 6000, retryAfter: 6 })
      .failOnce(503);

    const throttled = await post(mock, AZURE_URL, { 'api-key': 'k' });
    expect(throttled.status).toBe(429);
    expect(throttled.headers.get('retry-after-ms')).toBe('6000');
    expect(throttled.headers.get('retry-after')).toBe('6');
    expect(throttled.headers.get('apim-request-id')).toBe(throttled.headers.get('x-request-id'));
    expect(await throttled.json()).toEqual({
      error: {
        code: '429',
        message: expect.stringMatching(
          /^Requests to the ChatCompletions_Create Operation under Azure OpenAI API version 2024-10-21 have exceeded call rate limit .* Please retry after 6 seconds\./,
        ),
      },
    });
    const unavailable = await post(mock, AZURE_URL, { 'api-key': 'k' });
    expect(unavailable.status).toBe(503);
    expect(await unavailable.json()).toEqual({
      error: {
        code: '503',
        message: 'The engine is currently overloaded, please try again later.',
      },
    });
    // The other deployment and the mock's own routes are untouched by those faults.
    const main = await openaiClient(mock, 'openai-main').chat.completions.create({
      model: 'gpt-4',
      messages,
    });
    expect(main.choices[0]?.message.content).toBe('Hello');
    const azure = await azureClient(mock, 'azure-east').chat.completions.create({
      model: 'gpt-4',
      messages,
    });
    expect(azure.choices[0]?.message.content).toBe('Hello');
  });

  it('answers a missing or unsupported api-version, a wrong key and a wrong deployment as Azure does', async () => {
    const mock = createMockOpenAI();
    mock.deployment('azure-east', {
      provider: 'azure',
      apiKey: 'azure-key',
      apiVersions: [API_VERSION],
    });
    const base = 'http://127.0.0.1/azure-east/openai/deployments';
    const cases: [string, Record<string, string>, number, unknown][] = [
      [
        `${base}/azure-east/chat/completions`,
        { 'api-key': 'azure-key' },
        404,
        { code: '404', message: 'Resource not found' },
      ],
      [
        `${base}/azure-east/chat/completions?api-version=2023-05-15`,
        { 'api-key': 'azure-key' },
        400,
        { code: 'BadRequest', message: 'API version not supported' },
      ],
      [
        AZURE_URL,
        { 'api-key': 'wrong' },
        401,
        {
          code: '401',
          message: expect.stringMatching(/^Access denied due to invalid subscription key/),
        },
      ],
      [
        AZURE_URL,
        { authorization: 'Bearer azure-key' },
        401,
        { code: '401', message: expect.stringMatching(/^Access denied/) },
      ],
      [
        `${base}/gpt-4/chat/completions?api-version=${API_VERSION}`,
        { 'api-key': 'azure-key' },
        404,
        { code: 'DeploymentNotFound', message: expect.stringMatching(/does not exist/) },
      ],
      [
        `http://127.0.0.1/azure-east/v1/chat/completions?api-version=${API_VERSION}`,
        { 'api-key': 'azure-key' },
        404,
        { code: '404', message: 'Resource not found' },
      ],
    ];
    for (const [url, headers, status, error] of cases) {
      const response = await post(mock, url, headers);
      expect({ url, status: response.status, body: await response.json() }).toEqual({
        url,
        status,
        body: { error },
      });
    }
    expect(mock.calls).toEqual([]);
  });

  it('refuses a wrong Bearer key on an OpenAI deployment as OpenAI does', async () => {
    const mock = createMockOpenAI();
    mock.deployment('openai-main', { provider: 'openai', apiKey: 'sk-main' });
    const wrong = openaiClient(mock, 'openai-main', 'sk-other').chat.completions.create({
      model: 'gpt-4',
      messages,
    });
    await expect(wrong).rejects.toMatchObject({ status: 401, code: 'invalid_api_key' });
    const missing = await post(mock, 'http://127.0.0.1/openai-main/v1/chat/completions', {});
    expect(missing.status).toBe(401);
    expect(((await missing.json()) as { error: { message: string } }).error.message).toMatch(
      /didn't provide an API key/,
    );
  });

  it('keeps the model validation errors in OpenAI shape and adds innererror to content-filter refusals', async () => {
    const mock = createMockOpenAI();
    mock
      .deployment('azure-east', { provider: 'azure' })
      .onChat({ content: /forbidden/ })
      .fail(400, { code: 'content_filter' });
    const invalid = await post(mock, AZURE_URL, { 'api-key': 'k' }, { messages: 'nope' });
    expect(invalid.status).toBe(400);
    expect(await invalid.json()).toMatchObject({
      error: { param: 'messages', code: 'missing_required_parameter' },
    });
    const filtered = await post(
      mock,
      AZURE_URL,
      { 'api-key': 'k' },
      { messages: [{ role: 'user', content: 'forbidden' }] },
    );
    expect(filtered.status).toBe(400);
    expect(await filtered.json()).toEqual({
      error: {
        message: expect.stringMatching(
          /^The response was filtered due to the prompt triggering Azure OpenAI's content management policy/,
        ),
        type: null,
        param: 'prompt',
        code: 'content_filter',
        status: 400,
        innererror: {
          code: 'ResponsibleAIPolicyViolation',
          content_filter_result: expect.objectContaining({
            hate: { filtered: true, severity: 'high' },
          }),
        },
      },
    });
  });

  it('answers a body without model with the deployment model, as Azure does', async () => {
    const mock = createMockOpenAI();
    mock.deployment('azure-east', { provider: 'azure', model: 'gpt-4o-2024-08-06' });
    const response = await post(mock, AZURE_URL, { 'api-key': 'k' });
    expect(response.status).toBe(200);
    expect(((await response.json()) as { model: string }).model).toBe('gpt-4o-2024-08-06');
    expect(mock.calls[0]?.body.model).toBe('gpt-4o-2024-08-06');
  });

  it('enforces each deployment its own limits, with only the remaining headers on Azure', async () => {
    const clock = 1_000_000;
    const mock = createMockOpenAI({ now: () => clock });
    mock.deployment('azure-east', { provider: 'azure', rateLimit: { rpm: 1 } });
    mock.deployment('openai-main', { provider: 'openai', rateLimit: { rpm: 1 } });
    const first = await post(mock, AZURE_URL, { 'api-key': 'k' });
    expect(first.status).toBe(200);
    expect(first.headers.get('x-ratelimit-remaining-requests')).toBe('0');
    expect(first.headers.get('x-ratelimit-limit-requests')).toBeNull();
    const second = await post(mock, AZURE_URL, { 'api-key': 'k' });
    expect(second.status).toBe(429);
    expect(((await second.json()) as { error: { code: string } }).error.code).toBe('429');
    expect(second.headers.get('retry-after-ms')).not.toBeNull();
    const other = await post(
      mock,
      'http://127.0.0.1/openai-main/v1/chat/completions',
      { authorization: 'Bearer sk' },
      { model: 'gpt-4', messages },
    );
    expect(other.status).toBe(200);
    expect(other.headers.get('x-ratelimit-limit-requests')).toBe('1');
  });

  it("adds Azure's content-filter verdicts to completions and a first stream frame", async () => {
    const mock = createMockOpenAI();
    mock.deployment('azure-east', { provider: 'azure' }).onChat().reply('Filtered fine');
    const completion = (await (await post(mock, AZURE_URL, { 'api-key': 'k' })).json()) as Record<
      string,
      unknown
    >;
    expect(completion).toMatchObject({
      prompt_filter_results: [
        {
          prompt_index: 0,
          content_filter_results: { hate: { filtered: false, severity: 'safe' } },
        },
      ],
      choices: [
        {
          message: { content: 'Filtered fine' },
          content_filter_results: { violence: { filtered: false, severity: 'safe' } },
        },
      ],
    });
    const stream = await post(mock, AZURE_URL, { 'api-key': 'k' }, { messages, stream: true });
    const frames = (await stream.text()).split('\n\n').filter((frame) => frame !== '');
    expect(JSON.parse(frames[0]?.slice('data: '.length) ?? '')).toMatchObject({
      choices: [],
      id: '',
      model: '',
      prompt_filter_results: [{ prompt_index: 0 }],
    });
    expect(JSON.parse(frames[1]?.slice('data: '.length) ?? '')).toMatchObject({
      object: 'chat.completion.chunk',
      choices: [{ delta: { role: 'assistant' } }],
    });
    expect(frames.at(-1)).toBe('data: [DONE]');
  });

  it('passes an abort through the Azure stream', async () => {
    const mock = createMockOpenAI();
    mock
      .deployment('azure-east', { provider: 'azure' })
      .onChat()
      .stream('abcdef', { chunkSize: 1, delayMs: 60_000 });
    const controller = new AbortController();
    const response = await mock.fetch(AZURE_URL, {
      method: 'POST',
      headers: { 'api-key': 'k' },
      body: JSON.stringify({ messages, stream: true }),
      signal: controller.signal,
    });
    const reader = response.body?.getReader();
    const decoder = new TextDecoder();
    expect(decoder.decode((await reader?.read())?.value)).toContain('prompt_filter_results');
    expect(decoder.decode((await reader?.read())?.value)).toContain('"role":"assistant"');
    controller.abort();
    await expect(reader?.read()).rejects.toMatchObject({ name: 'AbortError' });
  });

  it('streams through an Azure deployment', async () => {
    const mock = createMockOpenAI();
    mock.deployment('azure-east', { provider: 'azure' }).onChat().stream('Streamed via Azure');
    const stream = await azureClient(mock, 'azure-east').chat.completions.create({
      model: 'gpt-4',
      messages,
      stream: true,
    });
    let text = '';
    for await (const chunk of stream) text += chunk.choices[0]?.delta.content ?? '';
    expect(text).toBe('Streamed via Azure');
  });

  it('reports unused steps and unmatched requests of deployments, and forgets them on reset', async () => {
    const mock = createMockOpenAI({ strict: true });
    mock
      .deployment('azure-east', { provider: 'azure' })
      .onChat({ content: /never/ })
      .replyOnce('unused');
    const unmatched = await post(mock, AZURE_URL, { 'api-key': 'k' });
    expect(unmatched.status).toBe(500);
    expect(mock.deployment('azure-east').unmatched).toHaveLength(1);
    expect(() => mock.assertAllConsumed()).toThrow(
      /deployment azure-east: never used: onChat\(\{ content: \/never\/ \}\)\.replyOnce\("unused"\)\n- deployment azure-east: unmatched request/,
    );
    expect(() => mock.deployment('azure-east').assertAllConsumed()).toThrow(/never used/);
    mock.reset();
    expect(() => mock.assertAllConsumed()).not.toThrow();
    expect(mock.calls).toEqual([]);
    expect(mock.deployment('azure-east').calls).toEqual([]);
  });

  it('refuses a second declaration, an unknown name and a name that is not one path segment', () => {
    const mock = createMockOpenAI();
    mock.deployment('a', { provider: 'openai' });
    expect(() => mock.deployment('a', { provider: 'azure' })).toThrow(
      /already has a deployment named "a"/,
    );
    expect(() => mock.deployment('b')).toThrow(/no deployment named "b"/);
    expect(() => mock.deployment('x/y', { provider: 'openai' })).toThrow(RangeError);
    expect(mock.deployment('a').url('http://127.0.0.1:8080/')).toBe('http://127.0.0.1:8080/a/v1');
  });

  it('leaves the mock own routes as they were, whatever the first path segment', async () => {
    const mock = createMockOpenAI();
    mock.deployment('azure-east', { provider: 'azure' });
    const response = await mock.fetch('http://127.0.0.1/proxy/v1/chat/completions', {
      method: 'POST',
      body: JSON.stringify({ model: 'gpt-4', messages }),
    });
    expect(response.status).toBe(200);
    expect(mock.calls[0]?.deployment).toBeUndefined();
  });
});
