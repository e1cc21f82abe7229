import { Secret } from '@bulwark/core';
import { describe, expect, it } from 'vitest';
import { createGatewayLogger } from './create-gateway-logger.js';

function collectingLogger(secrets: readonly (string | Secret)[]) {
  const lines: string[] = [];
  const logger = createGatewayLogger({
    secrets,
    destination: { write: (line) => lines.push(line) },
  });
  return { logger, lines };
}

describe('createGatewayLogger', () => {
  it('censors keys and authorization headers by path', () => {
    const { logger, lines } = collectingLogger([]);
    logger.info({ apiKey: 'plain-value-1', headers: { authorization: 'Token abc' } }, 'line');
    expect(lines).toHaveLength(1);
    const line = JSON.parse(lines[0] ?? '{}') as Record<string, unknown>;
    expect(line['apiKey']).toBe('[redacted]');
    expect(line['headers']).toEqual({ authorization: '[redacted]' });
  });

  it('masks a configured secret, an sk- key and a Bearer credential at any depth', () => {
    const upstreamKey = 'gateway-held-upstream-secret-123';
    const { logger, lines } = collectingLogger([new Secret(upstreamKey)]);
    logger.info(
      {
        deep: { deeper: { note: `sent with ${upstreamKey}` } },
        nested: { token: 'sk-test.nested-abcdefghij' },
        error: { message: 'upstream said: Bearer caller-token-xyz rejected' },
      },
      'line',
    );
    const text = lines.join('');
    expect(text).not.toContain(upstreamKey);
    expect(text).not.toContain('sk-test.nested-abcdefghij');
    expect(text).not.toContain('caller-token-xyz');
    expect(text).toContain('Bearer [redacted]');
  });
});
