import type { BulwarkClient } from '@bulwark/core';
import { createGatewayRouter } from '@bulwark/express-adapter';
import express, { type Express } from 'express';

/** Options of {@link createShopApp}. */
export interface ShopAppOptions {
  /** The Bulwark client the gateway sends chat completions through. */
  client: BulwarkClient;
  /** Keys the app's own services present to the gateway routes. */
  gatewayKeys: readonly string[];
}

const PRODUCTS = [
  { id: 'p-1', name: 'Umbrella', priceCents: 1900 },
  { id: 'p-2', name: 'Raincoat', priceCents: 8900 },
];

/**
 * An existing Express app (its own `/api` routes and middleware) that mounts
 * the Bulwark gateway under `/ai`: OpenAI clients use
 * `baseURL: '<origin>/ai/v1'`, and the upstream key never leaves the server.
 *
 * @param options - the client and the caller keys.
 * @returns the Express app, ready for `app.listen()`.
 */
export function createShopApp(options: ShopAppOptions): Express {
  const app = express();
  app.disable('x-powered-by');

  app.get('/api/products', (_request, response) => {
    response.json({ products: PRODUCTS });
  });
  app.use('/ai', createGatewayRouter({ client: options.client, apiKeys: options.gatewayKeys }));

  return app;
}
