import { describeKeyRateLimiterContract } from '../../test/keys/key-rate-limiter-contract.js';
import { MemoryKeyRateLimiter } from './memory-key-rate-limiter.js';

describeKeyRateLimiterContract('In-memory', async (now) => new MemoryKeyRateLimiter(now));
