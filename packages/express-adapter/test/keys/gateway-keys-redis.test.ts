import { describeGatewayKeys } from './gateway-keys-contract.js';
import { redisBacking } from './key-gateway-support.js';
import { describeWithRedis } from './redis-test-support.js';

describeWithRedis('Redis', () => describeGatewayKeys('Redis', redisBacking));
