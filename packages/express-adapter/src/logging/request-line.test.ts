import { afterEach, describe, expect, it, vi } from 'vitest';
import { createGatewayLogger } from './create-gateway-logger.js';
import { logRequestLine, type RequestLineFields } from './request-line.js';

function collectingLogger(options: { level?: 'info' | 'warn'; secrets?: string[] } = {}) {
  const lines: string[] = [];
  const logger = createGatewayLogger({
    ...options,
    destination: { write: (line) => lines.push(line) },
  });
  return { logger, lines };
}

afterEach(() => vi.useRealTimers());

const RECORDS: Record<string, RequestLineFields> = {
  'a completed call': {
    requestId: '7f3c1934-9581-404a-b41d-002130d28f64',
    method: 'POST',
    route: '/v1/chat/completions',
    status: 200,
    latencyMs: 27.047,
    caller: 'key:team-a',
    keyName: 'team-a',
    deployment: 'primary',
    promptTokens: 12,
    completionTokens: 24,
    cachedTokens: 0,
    costUsd: 0.0008399999999999999,
  },
  'strings that need escaping': {
    requestId: 'quote" back\\slash',
    caller: 'tab\there, newline\nhere, bell\u0007, delete\u007f',
    deployment: 'ünïcödé ✓ 𝄞',
    errorCode: 'x'.repeat(300),
  },
  'numbers pino writes as null, and a boolean': {
    latencyMs: Number.NaN,
    costUsd: Number.POSITIVE_INFINITY,
    status: -0,
    cached: true,
  },
  'no fields': {},
};

describe('logRequestLine', () => {
  for (const [name, fields] of Object.entries(RECORDS)) {
    it(`writes the bytes pino writes, for ${name}`, () => {
      vi.useFakeTimers({ toFake: ['Date'], now: 1_796_311_365_101 });
      const fast = collectingLogger();
      const generic = collectingLogger();
      logRequestLine(fast.logger, fields);
      generic.logger.info(fields, 'request');
      expect(fast.lines).toHaveLength(1);
      expect(fast.lines).toEqual(generic.lines);
    });
  }

  it('escapes a lone surrogate, which pino writes raw (lost once encoded as UTF-8)', () => {
    const { logger, lines } = collectingLogger();
    logRequestLine(logger, { caller: 'a lone \ud800 surrogate' });
    expect(lines[0]).toContain('a lone \\ud800 surrogate');
    expect((JSON.parse(lines[0] ?? '{}') as { caller: string }).caller).toBe(
      'a lone \ud800 surrogate',
    );
  });

  it('masks secrets as every other line is masked', () => {
    const secret = 'gateway-held-upstream-secret-123';
    const { logger, lines } = collectingLogger({ secrets: [secret] });
    logRequestLine(logger, { caller: `x ${secret}`, errorCode: 'sk-test.abcdefghijkl Bearer tok' });
    expect(lines.join('')).not.toMatch(/gateway-held|abcdefghijkl|Bearer tok/);
  });

  it("keeps a child logger's bindings, through pino's own path", () => {
    const { logger, lines } = collectingLogger();
    logRequestLine(logger.child({ instance: 'a' }), { status: 200 });
    expect(JSON.parse(lines[0] ?? '{}')).toMatchObject({ instance: 'a', status: 200 });
  });

  it('writes nothing when the level is above info', () => {
    const { logger, lines } = collectingLogger({ level: 'warn' });
    logRequestLine(logger, { status: 200 });
    expect(lines).toEqual([]);
  });

  it('hands any other logger the fields through its own info', () => {
    const info = vi.fn();
    const logger = { debug: vi.fn(), info, warn: vi.fn(), error: vi.fn() };
    logRequestLine(logger, { status: 200 });
    expect(info).toHaveBeenCalledWith({ status: 200 }, 'request');
  });
});
