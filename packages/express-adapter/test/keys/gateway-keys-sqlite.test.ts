import { describeGatewayKeyAccess } from './gateway-key-access-contract.js';
import { describeGatewayKeyBudgets } from './gateway-key-budgets-contract.js';
import { sqliteBacking } from './key-gateway-support.js';

describeGatewayKeyBudgets('SQLite', sqliteBacking);
describeGatewayKeyAccess('SQLite', sqliteBacking);
