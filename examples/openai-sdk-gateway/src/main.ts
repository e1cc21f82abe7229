import { ask } from './ask.js';
import { startGateway } from './start-gateway.js';

// Starts `bulwark serve --mock` on a free port, asks it through the official SDK, stops it.
const gateway = await startGateway({ BULWARK_API_KEYS: 'example-caller-key' });
try {
  const result = await ask({
    baseURL: gateway.baseURL,
    apiKey: 'example-caller-key',
    question: 'Hello through the gateway',
  });
  console.log(JSON.stringify(result, null, 2));
} finally {
  await gateway.stop();
}
