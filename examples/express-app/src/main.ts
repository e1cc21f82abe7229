import { createClient, loadConfig } from '@bulwark/core';
import { createMockOpenAI } from '@bulwark/testing-mocks';
import { createShopApp } from './create-shop-app.js';

// With no OPENAI_API_KEY the example answers from the in-process mock upstream.
const client =
  process.env.OPENAI_API_KEY === undefined
    ? createClient({ fetch: createMockOpenAI().fetch })
    : createClient(loadConfig());
const gatewayKey = process.env.SHOP_GATEWAY_KEY ?? 'shop-internal-key';
const app = createShopApp({ client, gatewayKeys: [gatewayKey] });

const server = app.listen(3000, '127.0.0.1', () => {
  console.log('Shop on http://127.0.0.1:3000 (gateway at http://127.0.0.1:3000/ai/v1)');
});
process.once('SIGTERM', () => {
  server.close(() => void client.close());
});
