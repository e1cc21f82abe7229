import { describeGatewayKeyAccess } from './gateway-key-access-contract.js';
import { describeGatewayKeyBudgets } from './gateway-key-budgets-contract.js';
import { describeGatewayKeyEmbeddings } from './gateway-key-embeddings-contract.js';
import { redisBacking } from './key-gateway-support.js';
import { describeWithRedis } from './redis-test-support.js';

describeWithRedis('Redis', () => {
  describeGatewayKeyBudgets('Redis', redisBacking);
  describeGatewayKeyAccess('Redis', redisBacking);
  describeGatewayKeyEmbeddings('Redis', redisBacking);
});
