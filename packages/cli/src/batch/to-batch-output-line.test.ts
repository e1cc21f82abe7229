import { CircuitOpenError, ConnectionError, RateLimitError, ServerError } from '@bulwark/core';
import { describe, expect, it } from 'vitest';
import { batchOutputLineSchema, isFailedOutputLine } from './batch-output-line.js';
import { toBatchOutputLine } from './to-batch-output-line.js';

describe('toBatchOutputLine', () => {
  it('writes a completion as a 200 response with the upstream request id', () => {
    const completion = Object.defineProperty({ id: 'chatcmpl-1' }, '_request_id', {
      value: 'req_7',
      enumerable: false,
    });
    const line = toBatchOutputLine('row-1', { completion });
    expect(line).toEqual({
      id: expect.stringMatching(/^batch_req_[0-9a-f]{24}$/),
      custom_id: 'row-1',
      response: { status_code: 200, request_id: 'req_7', body: { id: 'chatcmpl-1' } },
      error: null,
    });
    expect(isFailedOutputLine(line)).toBe(false);
    expect(batchOutputLineSchema.parse(JSON.parse(JSON.stringify(line)))).toEqual(line);
  });

  it('writes an upstream error with its status, an OpenAI error body and the error', () => {
    const error = new RateLimitError({ message: '429 slow down', status: 429, requestId: 'req_9' });
    const line = toBatchOutputLine('row-2', { error });
    expect(line.response).toEqual({
      status_code: 429,
      request_id: 'req_9',
      body: {
        error: {
          message: 'slow down',
          type: 'rate_limit_error',
          param: null,
          code: 'rate_limit_exceeded',
        },
      },
    });
    expect(line.error).toEqual({ code: 'rate_limit_exceeded', message: 'slow down' });
    expect(isFailedOutputLine(line)).toBe(true);
  });

  it('writes a failure without an upstream answer with a null response', () => {
    const line = toBatchOutputLine('row-3', { error: new ConnectionError({ message: 'reset' }) });
    expect(line.response).toBeNull();
    expect(line.error).toEqual({ code: 'connection_error', message: 'reset' });
    expect(toBatchOutputLine('row-4', { error: new Error('odd') }).error).toEqual({
      code: 'internal_error',
      message: 'odd',
    });
  });

  it.each([
    [429, 'caller_rate_limit_exceeded', 'rate_limit_error'],
    [429, 'budget_exceeded', 'rate_limit_error'],
  ])('keeps the code the upstream sent with a %i (%s)', (status, code, type) => {
    const error = new RateLimitError({ message: 'no', status, upstreamCode: code });
    const line = toBatchOutputLine('row-5', { error });
    expect(line.error).toEqual({ code, message: 'no' });
    expect(line.response?.body).toEqual({ error: { message: 'no', type, param: null, code } });
  });

  it("keeps a gateway's 503 circuit_open, and writes a local open circuit without a response", () => {
    const remote = new ServerError({ message: 'open', status: 503, upstreamCode: 'circuit_open' });
    expect(toBatchOutputLine('row-6', { error: remote })).toMatchObject({
      response: { status_code: 503, body: { error: { code: 'circuit_open' } } },
      error: { code: 'circuit_open' },
    });
    const local = toBatchOutputLine('row-7', { error: new CircuitOpenError({ message: 'open' }) });
    expect(local).toMatchObject({ response: null, error: { code: 'circuit_open' } });
  });
});
