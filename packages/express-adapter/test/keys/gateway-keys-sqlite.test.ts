import { describeGatewayKeys } from './gateway-keys-contract.js';
import { sqliteBacking } from './key-gateway-support.js';

describeGatewayKeys('SQLite', sqliteBacking);
