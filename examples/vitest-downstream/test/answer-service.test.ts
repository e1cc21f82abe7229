import { QuotaExceededError, StreamTruncatedError, createClient } from '@bulwark/core';
import { useMockOpenAI } from '@bulwark/testing-mocks/vitest';
import { describe, expect, it } from 'vitest';
import { createAnswerService } from '../src/create-answer-service.js';

// A fresh mock before every test; after it, a scripted reply that was never used fails the test.
const mock = useMockOpenAI();
// Backoff without delay keeps retry tests fast; the mock object always speaks to the current test's mock.
const service = createAnswerService(
  createClient({ fetch: mock.fetch, retry: { baseDelayMs: 0 }, cache: { store: 'off' } }),
);

async function collect(pieces: AsyncIterable<string>): Promise<string> {
  let text = '';
  for await (const piece of pieces) text += piece;
  return text;
}

describe('the answer service', () => {
  it('returns the model’s answer and sends the system prompt first', async () => {
    mock.onChat({ content: /opening hours/ }).replyOnce('  We open at 9.  ');

    await expect(service.answer('What are your opening hours?')).resolves.toBe('We open at 9.');
    expect(mock.calls[0]?.body.messages[0]).toMatchObject({ role: 'system' });
  });

  it('streams the answer piece by piece', async () => {
    mock.onChat().streamOnce('Free shipping over 50 euros.', { chunkSize: 5 });

    await expect(collect(service.streamAnswer('Shipping?'))).resolves.toBe(
      'Free shipping over 50 euros.',
    );
  });

  it('survives a flaky upstream: a 503 and a 429 are retried', async () => {
    mock.onChat().failOnce(503).failOnce(429, { retryAfterMs: 1 }).replyOnce('Yes.');

    await expect(service.answer('Do you ship to Norway?')).resolves.toBe('Yes.');
    expect(mock.calls).toHaveLength(3);
  });

  it('does not retry an exhausted quota', async () => {
    mock.onChat().failOnce(429, { code: 'insufficient_quota' });

    await expect(service.answer('Anything?')).rejects.toBeInstanceOf(QuotaExceededError);
    expect(mock.calls).toHaveLength(1);
  });

  it('reports a stream cut off upstream instead of ending quietly', async () => {
    mock.onChat().truncate({ afterChunks: 2 });

    await expect(collect(service.streamAnswer('Tell me a story'))).rejects.toBeInstanceOf(
      StreamTruncatedError,
    );
  });
});
