import { createServer, type AddressInfo } from 'node:net';
import { Secret } from '@bulwark/core';
import { describe, expect, it } from 'vitest';
import { checkRedis, describeRedisUrl } from './check-redis.js';

async function closedPort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const { port } = probe.address() as AddressInfo;
  await new Promise<void>((resolve) => probe.close(() => resolve()));
  return port;
}

describe('checkRedis', () => {
  it('reports a Redis that refuses the connection by its code, without the password', async () => {
    const url = new Secret(`redis://:hunter2-secret@127.0.0.1:${await closedPort()}`);
    const result = await checkRedis({ url, timeoutMs: 2000 });
    expect(result).toEqual({ reachable: false, reason: 'unreachable (ECONNREFUSED)' });
    expect(JSON.stringify(result)).not.toContain('hunter2');
  });

  it('shows only the scheme, host and port of the URL', () => {
    expect(describeRedisUrl(new Secret('rediss://user:hunter2@cache.internal:6380/2'))).toBe(
      'rediss://cache.internal:6380',
    );
  });
});
