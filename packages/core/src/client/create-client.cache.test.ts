import { createMockOpenAI } from '@bulwark/testing-mocks';
import type { ChatCompletionChunk } from 'openai/resources/chat/completions';
import { describe, expect, it, vi } from 'vitest';
import { MemoryCacheStore } from '../cache/memory-cache-store.js';
import { loadConfig } from '../config/load-config.js';
import { AbortError, ConfigError, StreamTruncatedError } from '../errors/errors.js';
import type { CacheEvent, CacheHitEvent, ResponseEvent } from '../events/client-events.js';
import type { CallInfo } from './call-info.js';
import type { ClientOptions } from './client-options.js';
import { createClient } from './create-client.js';

const ask = (content = 'Capital of France?') => ({
  messages: [{ role: 'user' as const, content }],
  temperature: 0,
});

function setup(options: ClientOptions = {}, mock = createMockOpenAI()) {
  const client = createClient({ fetch: mock.fetch, retry: { maxAttempts: 1 }, ...options });
  const hits: CacheHitEvent[] = [];
  const misses: CacheEvent[] = [];
  const responses: ResponseEvent[] = [];
  client.on('cacheHit', (event) => hits.push(event));
  client.on('cacheMiss', (event) => misses.push(event));
  client.on('response', (event) => responses.push(event));
  return { client, mock, hits, misses, responses };
}

function manualClock(start = 1_000_000) {
  let now = start;
  return { now: () => now, advance: (ms: number) => void (now += ms) };
}

async function collect(stream: AsyncIterable<ChatCompletionChunk>) {
  const chunks: ChatCompletionChunk[] = [];
  for await (const chunk of stream) chunks.push(chunk);
  return chunks;
}

describe('client cache: completions', () => {
  it('answers a repeated deterministic call from the cache, without an upstream call', async () => {
    const { client, mock, hits, misses, responses } = setup();
    mock.onChat().reply('Paris.');
    const infos: CallInfo[] = [];
    const first = await client.chat.completions.create(ask(), { onCallInfo: (i) => infos.push(i) });
    const second = await client.chat.completions.create(ask(), {
      onCallInfo: (i) => infos.push(i),
    });
    expect(mock.calls).toHaveLength(1);
    expect(second).toEqual(first);
    expect(misses).toEqual([
      expect.objectContaining({ model: 'gpt-4-1106-preview', stream: false }),
    ]);
    expect(hits).toEqual([
      expect.objectContaining({
        key: misses[0]?.key,
        coalesced: false,
        callId: expect.any(String),
      }),
    ]);
    expect(misses[0]?.key).toMatch(/^bulwark:v1:default:[0-9a-f]{64}$/);
    expect(infos.map(({ cache, attempts }) => ({ cache, attempts }))).toEqual([
      { cache: 'miss', attempts: 1 },
      { cache: 'hit', attempts: 0 },
    ]);
    expect(responses[1]?.usage).toEqual({
      promptTokens: 0,
      completionTokens: 0,
      cachedTokens: 0,
      totalTokens: 0,
      costUsd: 0,
      source: 'cache',
    });
    expect(client.health().usage.costUsd).toBe(responses[0]?.usage.costUsd);
    expect(client.health().cache).toMatchObject({ entries: 1, hits: 1, misses: 1, hitRatio: 0.5 });
    expect(client.health().cache?.bytes).toBeGreaterThan(0);
  });

  it('makes exactly 1 upstream call for 50 identical concurrent calls', async () => {
    const { client, mock, hits, misses } = setup();
    mock.onChat().reply('Paris.');
    const answers = await Promise.all(
      Array.from({ length: 50 }, () => client.chat.completions.create(ask())),
    );
    expect(mock.calls.length).toBe(1);
    expect(new Set(answers.map((answer) => answer.choices[0]?.message.content))).toEqual(
      new Set(['Paris.']),
    );
    expect(misses).toHaveLength(1);
    expect(hits).toHaveLength(49);
    expect(hits.every((event) => event.coalesced)).toBe(true);
    expect(client.health().cache).toMatchObject({ hits: 49, coalesced: 49, misses: 1 });
  });

  it('leaves sampled calls alone under the deterministic policy, and caches them under always', async () => {
    const sampled = { messages: [{ role: 'user' as const, content: 'A poem' }], temperature: 0.8 };
    const deterministic = setup();
    await deterministic.client.chat.completions.create(sampled);
    await deterministic.client.chat.completions.create(sampled);
    expect(deterministic.mock.calls).toHaveLength(2);
    expect([...deterministic.hits, ...deterministic.misses]).toEqual([]);

    const always = setup({ cache: { when: 'always' } });
    await always.client.chat.completions.create(sampled);
    await always.client.chat.completions.create(sampled);
    expect(always.mock.calls).toHaveLength(1);

    const seeded = setup();
    await seeded.client.chat.completions.create({ ...sampled, seed: 42 });
    await seeded.client.chat.completions.create({ ...sampled, seed: 42 });
    expect(seeded.mock.calls).toHaveLength(1);
  });

  it('honours cache: bypass and cache: refresh per call', async () => {
    const { client, mock, hits, misses } = setup();
    mock.onChat().replyOnce('first').replyOnce('second').replyOnce('third');
    await client.chat.completions.create(ask());
    const bypassed = await client.chat.completions.create(ask(), { cache: 'bypass' });
    expect(bypassed.choices[0]?.message.content).toBe('second');
    expect(misses).toHaveLength(1);
    expect(hits).toHaveLength(0);
    const refreshed = await client.chat.completions.create(ask(), { cache: 'refresh' });
    expect(refreshed.choices[0]?.message.content).toBe('third');
    const cached = await client.chat.completions.create(ask());
    expect(cached.choices[0]?.message.content).toBe('third');
    expect(mock.calls).toHaveLength(3);
  });

  it('keys the request as the beforeRequest hooks left it', async () => {
    const { client, mock } = setup({
      hooks: {
        beforeRequest: [
          (request) => ({
            ...request,
            messages: request.messages.map((message) =>
              typeof message.content === 'string'
                ? { ...message, content: message.content.replace(/\d+/g, '#') }
                : message,
            ),
          }),
        ],
      },
    });
    await client.chat.completions.create(ask('Order 123 status?'));
    await client.chat.completions.create(ask('Order 456 status?'));
    expect(mock.calls).toHaveLength(1);
    expect(mock.calls[0]?.body.messages).toEqual([{ role: 'user', content: 'Order # status?' }]);
  });

  it('runs afterResponse hooks on every answer, each on its own copy', async () => {
    const afterResponse = vi.fn((completion) => {
      completion.choices[0].message.content += ' (checked)';
      return completion;
    });
    const { client, mock } = setup({ hooks: { afterResponse: [afterResponse] } });
    mock.onChat().reply('Paris.');
    await client.chat.completions.create(ask());
    const second = await client.chat.completions.create(ask());
    expect(afterResponse).toHaveBeenCalledTimes(2);
    expect(second.choices[0]?.message.content).toBe('Paris. (checked)');
  });

  it('never caches an error: the next identical call goes upstream', async () => {
    const { client, mock } = setup();
    mock.onChat().failOnce(503);
    mock.onChat().reply('Paris.');
    const failures = await Promise.allSettled([
      client.chat.completions.create(ask()),
      client.chat.completions.create(ask()),
    ]);
    expect(failures.map((result) => result.status)).toEqual(['rejected', 'rejected']);
    expect(mock.calls).toHaveLength(1);
    const answer = await client.chat.completions.create(ask());
    expect(answer.choices[0]?.message.content).toBe('Paris.');
    expect(mock.calls).toHaveLength(2);
  });

  it('lets one caller abort while the others still get the shared answer', async () => {
    const mock = createMockOpenAI();
    mock.onChat().reply('Paris.');
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const gatedFetch: typeof fetch = async (input, init) => {
      await gate;
      return mock.fetch(input, init);
    };
    const client = createClient({ fetch: gatedFetch, retry: { maxAttempts: 1 } });
    const caller = new AbortController();
    const aborted = client.chat.completions.create(ask(), { signal: caller.signal });
    const kept = client.chat.completions.create(ask());
    await vi.waitFor(() => expect(client.health().cache?.coalesced).toBe(1));
    caller.abort();
    await expect(aborted).rejects.toBeInstanceOf(AbortError);
    release();
    expect((await kept).choices[0]?.message.content).toBe('Paris.');
    expect(mock.calls).toHaveLength(1);
  });

  it('expires entries after ttlMs', async () => {
    const clock = manualClock();
    const { client, mock } = setup({ cache: { ttlMs: 60_000, clock } });
    await client.chat.completions.create(ask());
    clock.advance(59_999);
    await client.chat.completions.create(ask());
    expect(mock.calls).toHaveLength(1);
    clock.advance(1);
    await client.chat.completions.create(ask());
    expect(mock.calls).toHaveLength(2);
  });

  it('evicts the least recently used answers past maxBytes', async () => {
    const probe = setup();
    await probe.client.chat.completions.create(ask('one'));
    const oneEntry = probe.client.health().cache?.bytes ?? 0;
    const { client, mock } = setup({ cache: { maxBytes: Math.floor(oneEntry * 1.5) } });
    await client.chat.completions.create(ask('one'));
    await client.chat.completions.create(ask('two'));
    expect(client.health().cache).toMatchObject({ entries: 1 });
    await client.chat.completions.create(ask('one'));
    expect(mock.calls).toHaveLength(3);
  });

  it('never answers one namespace with another’s entry, even in a shared store', async () => {
    const store = new MemoryCacheStore();
    const tenantA = setup({ cache: { store, namespace: 'tenant-a' } });
    const tenantB = setup({ cache: { store, namespace: 'tenant-b' } });
    tenantA.mock.onChat().reply('for A');
    tenantB.mock.onChat().reply('for B');
    await tenantA.client.chat.completions.create(ask());
    const fromB = await tenantB.client.chat.completions.create(ask());
    expect(fromB.choices[0]?.message.content).toBe('for B');
    const fromA = await tenantA.client.chat.completions.create(ask());
    expect(fromA.choices[0]?.message.content).toBe('for A');
    expect(store.stats().entries).toBe(2);
  });
});

describe('client cache: streams', () => {
  const askStream = () => ({ ...ask(), stream: true as const });

  it('replays a cached stream with identical content and chunking', async () => {
    const { client, mock, hits, responses } = setup();
    mock.onChat().stream('Paris is the capital of France.', { chunkSize: 5 });
    const recorded = await collect(await client.chat.completions.create(askStream()));
    await vi.waitFor(() => expect(client.health().cache?.entries).toBe(1));
    const replayed = await collect(await client.chat.completions.create(askStream()));
    expect(mock.calls).toHaveLength(1);
    expect(replayed).toHaveLength(recorded.length);
    expect(JSON.stringify(replayed)).toBe(JSON.stringify(recorded));
    expect(hits).toEqual([expect.objectContaining({ stream: true, coalesced: false })]);
    expect(responses.map((event) => event.usage.source)).toEqual(['upstream', 'cache']);
  });

  it('fans one upstream stream out to every concurrent caller', async () => {
    const { client, mock } = setup();
    mock.onChat().stream('Paris is the capital of France.', { chunkSize: 4 });
    const streams = await Promise.all(
      [1, 2, 3].map(() => client.chat.completions.create(askStream())),
    );
    const results = await Promise.all(streams.map((stream) => collect(stream)));
    expect(mock.calls).toHaveLength(1);
    const texts = results.map((chunks) =>
      chunks.map((chunk) => chunk.choices[0]?.delta.content ?? '').join(''),
    );
    expect(texts).toEqual(Array(3).fill('Paris is the capital of France.'));
    expect(new Set(results.map((chunks) => chunks.length)).size).toBe(1);
  });

  it('keeps streaming to the other callers when one stops reading, and stores the whole stream', async () => {
    const { client, mock } = setup();
    mock.onChat().stream('Paris is the capital of France.', { chunkSize: 4, delayMs: 1 });
    const [leaving, staying] = await Promise.all([
      client.chat.completions.create(askStream()),
      client.chat.completions.create(askStream()),
    ]);
    for await (const _chunk of leaving) break;
    const chunks = await collect(staying);
    expect(chunks.map((chunk) => chunk.choices[0]?.delta.content ?? '').join('')).toBe(
      'Paris is the capital of France.',
    );
    await vi.waitFor(() => expect(client.health().cache?.entries).toBe(1));
    const replayed = await collect(await client.chat.completions.create(askStream()));
    expect(JSON.stringify(replayed)).toBe(JSON.stringify(chunks));
    expect(mock.calls).toHaveLength(1);
    expect(client.health().inFlight).toBe(0);
  });

  it('aborts the shared upstream stream once every caller has stopped, and stores nothing', async () => {
    const mock = createMockOpenAI();
    mock.onChat().stream('Paris is the capital of France.', { chunkSize: 2, delayMs: 5 });
    const signals: AbortSignal[] = [];
    const recordingFetch: typeof fetch = (input, init) => {
      if (init?.signal) signals.push(init.signal);
      return mock.fetch(input, init);
    };
    const { client } = setup({ fetch: recordingFetch });
    const streams = await Promise.all([
      client.chat.completions.create(askStream()),
      client.chat.completions.create(askStream()),
    ]);
    for await (const _chunk of streams[0] ?? []) break;
    expect(signals[0]?.aborted).toBe(false);
    for await (const _chunk of streams[1] ?? []) break;
    expect(signals[0]?.aborted).toBe(true);
    await vi.waitFor(() => expect(client.health().inFlight).toBe(0));
    expect(client.health().cache?.entries).toBe(0);
    await collect(await client.chat.completions.create(askStream()));
    expect(mock.calls).toHaveLength(2);
  });

  it('does not cache a truncated stream', async () => {
    const { client, mock } = setup();
    mock.onChat().truncate({ afterChunks: 2, times: 1 });
    mock.onChat().stream('Paris.');
    const broken = await client.chat.completions.create(askStream());
    await expect(collect(broken)).rejects.toBeInstanceOf(StreamTruncatedError);
    const whole = await collect(await client.chat.completions.create(askStream()));
    expect(whole.map((chunk) => chunk.choices[0]?.delta.content ?? '').join('')).toBe('Paris.');
    expect(mock.calls).toHaveLength(2);
  });

  it('keeps a stream and a completion of the same request apart', async () => {
    const { client, mock } = setup();
    await client.chat.completions.create(ask());
    await collect(await client.chat.completions.create(askStream()));
    expect(mock.calls).toHaveLength(2);
  });
});

describe('client cache: configuration', () => {
  it('turns off with store: off (and BULWARK_CACHE=off)', async () => {
    const { client, mock } = setup({ cache: { store: 'off' } });
    await client.chat.completions.create(ask());
    await client.chat.completions.create(ask());
    expect(mock.calls).toHaveLength(2);
    expect(client.health().cache).toBeUndefined();
    const config = loadConfig({
      env: { BULWARK_CACHE: 'off', OPENAI_API_KEY: 'sk-test-0123456789' },
    });
    expect(createClient({ ...config, fetch: mock.fetch }).health().cache).toBeUndefined();
  });

  it('takes ttl and size from BULWARK_CACHE_TTL_MS and BULWARK_CACHE_MAX_BYTES', async () => {
    const clock = manualClock();
    const mock = createMockOpenAI();
    const config = loadConfig({
      env: { BULWARK_CACHE_TTL_MS: '1000', BULWARK_CACHE_MAX_BYTES: '100000' },
    });
    const client = createClient({
      ...config,
      fetch: mock.fetch,
      cache: { ...config.cache, clock },
    });
    await client.chat.completions.create(ask());
    clock.advance(1000);
    await client.chat.completions.create(ask());
    expect(mock.calls).toHaveLength(2);
  });

  it('refuses the redis store without a redis option, and bad cache options, with a ConfigError', () => {
    const mock = createMockOpenAI();
    const options = { fetch: mock.fetch, cache: { store: 'redis' as const } };
    expect(() => createClient(options)).toThrow(ConfigError);
    expect(() => createClient(options)).toThrow(
      /cache\.store: the redis store needs the client's redis option/,
    );
    expect(() => createClient({ fetch: mock.fetch, cache: { ttlMs: 0 } })).toThrow(/cache\.ttlMs/);
  });
});
