import type { ChatCompletionCreateParams } from 'openai/resources/chat/completions';
import { describe, expect, it } from 'vitest';
import { takesOnlyMaxCompletionTokens } from './completion-token-limit.js';
import { upstreamBody } from './upstream-body.js';

const messages = [{ role: 'user' as const, content: 'Hi' }];

describe('upstreamBody', () => {
  it('returns the request itself when nothing changes, unknown fields included', () => {
    const request = {
      model: 'gpt-4o',
      messages,
      future_field: { a: 1 },
    } as ChatCompletionCreateParams;
    expect(upstreamBody(request, 'gpt-4o', false)).toBe(request);
  });

  it('asks a stream for usage without changing the request', () => {
    const request: ChatCompletionCreateParams = {
      model: 'gpt-4o',
      messages,
      stream: true,
      stream_options: { include_obfuscation: false },
    };
    const body = upstreamBody(request, 'gpt-4o', true);
    expect(body.stream_options).toEqual({ include_obfuscation: false, include_usage: true });
    expect(request.stream_options).toEqual({ include_obfuscation: false });
  });

  it.each([
    'o1',
    'o1-mini',
    'o3',
    'o3-mini',
    'o3-mini-2025-01-31',
    'o4-mini',
    'o4-mini-2025-04-16',
    'o1-2024-12-17',
  ])('sends max_tokens as max_completion_tokens to %s', (model) => {
    const request: ChatCompletionCreateParams = { model, messages, max_tokens: 300 };
    const body = upstreamBody(request, model, false);
    expect(body).toEqual({ model, messages, max_completion_tokens: 300 });
    expect('max_tokens' in body).toBe(false);
    expect(request.max_tokens).toBe(300);
  });

  it('renames on the model sent, not the one asked (a route may send another)', () => {
    const request: ChatCompletionCreateParams = { model: 'reasoner', messages, max_tokens: 50 };
    expect(upstreamBody(request, 'o3-mini', false)).toEqual({
      model: 'o3-mini',
      messages,
      max_completion_tokens: 50,
    });
    const plain: ChatCompletionCreateParams = { model: 'o3', messages, max_tokens: 50 };
    expect(upstreamBody(plain, 'gpt-4o', false)).toMatchObject({ max_tokens: 50 });
  });

  it('keeps max_completion_tokens when both are set, and drops a null max_tokens', () => {
    const both: ChatCompletionCreateParams = {
      model: 'o3',
      messages,
      max_tokens: 10,
      max_completion_tokens: 99,
    };
    expect(upstreamBody(both, 'o3', false)).toEqual({
      model: 'o3',
      messages,
      max_completion_tokens: 99,
    });
    const nulled: ChatCompletionCreateParams = { model: 'o3', messages, max_tokens: null };
    expect(upstreamBody(nulled, 'o3', false)).toEqual({ model: 'o3', messages });
  });

  it('renames in a stream too, next to the usage request', () => {
    const request: ChatCompletionCreateParams = {
      model: 'o4-mini',
      messages,
      max_tokens: 8,
      stream: true,
    };
    expect(upstreamBody(request, 'o4-mini', true)).toEqual({
      model: 'o4-mini',
      messages,
      stream: true,
      stream_options: { include_usage: true },
      max_completion_tokens: 8,
    });
  });
});

describe('takesOnlyMaxCompletionTokens', () => {
  it('knows the o-series and nothing else', () => {
    for (const model of ['o1', 'o1-preview', 'o3-pro', 'o4-mini', 'o10']) {
      expect(takesOnlyMaxCompletionTokens(model), model).toBe(true);
    }
    for (const model of [
      'gpt-4o',
      'gpt-4o-mini',
      'omni-moderation-latest',
      'o',
      'o0',
      'davinci-002',
    ]) {
      expect(takesOnlyMaxCompletionTokens(model), model).toBe(false);
    }
  });
});
