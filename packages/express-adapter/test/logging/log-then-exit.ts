// Child of log-at-exit.test.ts: logs through the gateway logger on standard
// output, then exits at once, before the flush timer could write the line.
import { createGatewayLogger } from '../../src/logging/create-gateway-logger.js';

const logger = createGatewayLogger();
logger.info({ requestId: 'at-exit' }, 'request');
process.exit(Number(process.argv[2] ?? 0));
