import { once } from 'node:events';
import { createRedisConnection } from '@bulwark/core/redis';
import { afterAll, beforeAll } from 'vitest';
import { describeKeyRateLimiterContract } from '../../test/keys/key-rate-limiter-contract.js';
import {
  describeWithRedis,
  TEST_REDIS_URL,
  uniquePrefix,
} from '../../test/keys/redis-test-support.js';
import type { RedisConnection } from './redis-connection.js';
import { RedisKeyNames } from './redis-key-names.js';
import { RedisKeyRateLimiter } from './redis-key-rate-limiter.js';

describeWithRedis('Redis per-key limits', () => {
  let connection: RedisConnection;
  beforeAll(async () => {
    connection = createRedisConnection({ url: TEST_REDIS_URL ?? 'redis://127.0.0.1:6379' });
    if (connection.status !== 'ready') await once(connection, 'ready');
  });
  afterAll(() => connection.quit());

  describeKeyRateLimiterContract(
    'Redis',
    async (now) => new RedisKeyRateLimiter(connection, new RedisKeyNames(uniquePrefix()), now),
  );
});
