// The status page is an option of the handler (like `metrics`), and the
// Express router serves it the same way, also under a mount path.
import { once } from 'node:events';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import express from 'express';
import { afterEach, describe, expect, it } from 'vitest';
import {
  createGatewayHandler,
  createGatewayRouter,
  createStatusCollector,
  type StatusSnapshot,
} from '../src/index.js';
import { createStandInClient } from './stand-in-client.js';

const KEY = 'sk-test.status-mounting';
let server: Server | undefined;
afterEach(async () => {
  server?.close();
  if (server !== undefined) await once(server, 'close');
  server = undefined;
});

async function listen(listener: Parameters<typeof createServer>[1]): Promise<string> {
  server = createServer(listener).listen(0, '127.0.0.1');
  await once(server, 'listening');
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

describe('the status page as an option of the gateway', () => {
  it('stays a 404 without a collector', async () => {
    const { client } = createStandInClient();
    const base = await listen(createGatewayHandler({ client, apiKeys: [KEY] }));
    for (const path of ['/', '/bulwark/status']) {
      const response = await fetch(`${base}${path}`, {
        headers: { authorization: `Bearer ${KEY}` },
      });
      expect(response.status).toBe(404);
      expect(((await response.json()) as { error: { code: string } }).error.code).toBe('not_found');
    }
  });

  it('is served by the Express router under a mount path, behind the keys', async () => {
    const stand = createStandInClient();
    const status = createStatusCollector({ client: stand.client });
    const app = express();
    app.use('/ai', createGatewayRouter({ client: stand.client, apiKeys: [KEY], status }));
    app.get('/', (_request, response) => {
      response.send('the host app’s own home');
    });
    const base = await listen(app);
    const auth = { authorization: `Basic ${Buffer.from(`me:${KEY}`).toString('base64')}` };

    expect((await fetch(`${base}/ai/`)).status).toBe(401);
    const page = await fetch(`${base}/ai`, { headers: auth });
    expect(page.status).toBe(200);
    expect(page.headers.get('content-security-policy')).toContain("default-src 'none'");
    expect(await (await fetch(`${base}/`)).text()).toBe('the host app’s own home');

    await fetch(`${base}/ai/v1/models`, { headers: { authorization: `Bearer ${KEY}` } });
    const data = await fetch(`${base}/ai/bulwark/status`, { headers: auth });
    const snapshot = (await data.json()) as StatusSnapshot;
    expect(snapshot.routes).toEqual({ '/ai/v1/models': 1 });
    status.dispose();
  });
});
