import { EventEmitter } from 'node:events';
import type { Redis } from 'ioredis';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createRedisRateLimiter } from './create-redis-rate-limiter.js';
import type { RateLimitBackendChange } from './redis-rate-limiter-options.js';
import { SHARED_BUCKET_COMMAND } from './shared-bucket-script.js';

/** A stand-in for an ioredis connection: its status, events, PING and the script, under test control. */
function stubConnection(status: string) {
  const emitter = new EventEmitter();
  const state = { failing: false, calls: 0 };
  const granted = ['1', '0', '', String(Date.now()), '0', '1', '600', '', '', ''];
  const connection = Object.assign(emitter, {
    status,
    defineCommand: vi.fn(),
    ping: vi.fn(() =>
      state.failing ? Promise.reject(new Error('down')) : Promise.resolve('PONG'),
    ),
    [SHARED_BUCKET_COMMAND]: vi.fn(() => {
      state.calls += 1;
      return state.failing
        ? Promise.reject(
            new Error("Stream isn't writeable and enableOfflineQueue options is false"),
          )
        : Promise.resolve(granted);
    }),
  });
  return { connection: connection as unknown as Redis & typeof connection, state };
}

beforeEach(() => {
  vi.useFakeTimers({ now: 1_800_000_000_000 });
});
afterEach(() => {
  vi.useRealTimers();
});

describe('createRedisRateLimiter fallback switching', () => {
  it('falls back to local limits when a script call fails, says so, and keeps granting', async () => {
    const { connection, state } = stubConnection('ready');
    const warnings: string[] = [];
    const logger = {
      debug() {},
      info() {},
      error() {},
      warn: (_: unknown, text: string) => warnings.push(text),
    };
    const limiter = createRedisRateLimiter({ connection, rpm: 600, logger });
    const changes: RateLimitBackendChange[] = [];
    limiter.onBackendChange((change) => changes.push(change));
    await limiter.acquire({});
    expect(state.calls).toBe(1);
    expect(limiter.health().backend).toBe('redis');

    state.failing = true;
    await expect(limiter.acquire({})).resolves.toMatchObject({ requests: 1 });
    expect(limiter.backend).toBe('local-fallback');
    expect(limiter.health()).toMatchObject({ backend: 'local-fallback', requests: { limit: 600 } });
    expect(changes).toEqual([
      { backend: 'local-fallback', reason: expect.stringContaining('enableOfflineQueue') },
    ]);
    expect(warnings).toHaveLength(1);
    // While falling back, calls do not touch Redis: the local limiter answers.
    const before = state.calls;
    await vi.advanceTimersByTimeAsync(100);
    await limiter.acquire({});
    expect(state.calls).toBe(before);
    await limiter.dispose();
  });

  it('goes back to Redis when the connection is ready again', async () => {
    const { connection, state } = stubConnection('ready');
    const limiter = createRedisRateLimiter({ connection, rpm: 600 });
    const changes: string[] = [];
    limiter.onBackendChange((change) => changes.push(change.backend));
    connection.emit('close');
    expect(limiter.backend).toBe('local-fallback');
    connection.emit('ready');
    expect(limiter.backend).toBe('redis');
    await limiter.acquire({});
    expect(state.calls).toBe(1);
    expect(changes).toEqual(['local-fallback', 'redis']);
    await limiter.dispose();
  });

  it('probes with PING while falling back on a connection that stayed up (a command timed out)', async () => {
    const { connection, state } = stubConnection('ready');
    const limiter = createRedisRateLimiter({ connection, rpm: 600, probeIntervalMs: 500 });
    state.failing = true;
    await limiter.acquire({});
    expect(limiter.backend).toBe('local-fallback');
    await vi.advanceTimersByTimeAsync(500);
    expect(limiter.backend).toBe('local-fallback');
    state.failing = false;
    await vi.advanceTimersByTimeAsync(500);
    expect(limiter.backend).toBe('redis');
    await limiter.dispose();
  });

  it('moves its waiters to the local limiter when Redis goes away mid-wait', async () => {
    const { connection } = stubConnection('ready');
    const refused = ['0', '60000', 'requests', String(Date.now()), '0', '1', '1', '', '', ''];
    connection[SHARED_BUCKET_COMMAND].mockResolvedValue(refused);
    const limiter = createRedisRateLimiter({ connection, rpm: 600, maxWaitMs: 120_000 });
    const waiting = limiter.acquire({});
    await vi.advanceTimersByTimeAsync(10);
    expect(limiter.health().waiters).toBe(1);
    connection.emit('error', new Error('connect ECONNREFUSED 127.0.0.1:6390'));
    await expect(waiting).resolves.toMatchObject({ requests: 1 });
    await limiter.dispose();
  });

  it('starts on local limits while connecting, without calling it a fallback, until ready', async () => {
    const { connection, state } = stubConnection('connecting');
    const limiter = createRedisRateLimiter({ connection, rpm: 600 });
    const changes: string[] = [];
    limiter.onBackendChange((change) => changes.push(change.backend));
    await limiter.acquire({});
    expect(state.calls).toBe(0);
    connection.emit('ready');
    await vi.advanceTimersByTimeAsync(100);
    await limiter.acquire({});
    expect(state.calls).toBe(1);
    expect(changes).toEqual([]);
    await limiter.dispose();
  });

  it('rejects its waiters with AbortError and stops listening on dispose', async () => {
    const { connection } = stubConnection('ready');
    connection[SHARED_BUCKET_COMMAND].mockResolvedValue([
      '0',
      '60000',
      'requests',
      String(Date.now()),
      '0',
      '1',
      '1',
      '',
      '',
      '',
    ]);
    const limiter = createRedisRateLimiter({ connection, rpm: 600, maxWaitMs: 120_000 });
    const waiting = limiter.acquire({});
    await vi.advanceTimersByTimeAsync(10);
    await limiter.dispose();
    await expect(waiting).rejects.toMatchObject({ code: 'aborted' });
    expect(connection.listenerCount('ready') + connection.listenerCount('close')).toBe(0);
  });
});
