import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { createClient, type BulwarkClient } from '@bulwark/core';
import { createMockOpenAI, type MockOpenAI } from '@bulwark/testing-mocks';
import OpenAI from 'openai';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createShopApp } from '../src/create-shop-app.js';

let mock: MockOpenAI;
let client: BulwarkClient;
let server: Server;
let origin: string;

beforeEach(async () => {
  mock = createMockOpenAI();
  client = createClient({ fetch: mock.fetch });
  const app = createShopApp({ client, gatewayKeys: ['shop-key'] });
  server = await new Promise<Server>((resolve) => {
    const listening = app.listen(0, '127.0.0.1', () => resolve(listening));
  });
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterEach(async () => {
  await new Promise((resolve) => server.close(resolve));
  await client.close();
});

describe('an Express app with the gateway mounted under /ai', () => {
  it('still serves its own routes', async () => {
    const response = await fetch(`${origin}/api/products`);
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ products: [{ id: 'p-1' }, { id: 'p-2' }] });
  });

  it('answers the official SDK on /ai/v1 through the Bulwark client', async () => {
    mock.onChat().replyOnce('Take the raincoat.');
    const openai = new OpenAI({ baseURL: `${origin}/ai/v1`, apiKey: 'shop-key', maxRetries: 0 });

    const completion = await openai.chat.completions.create({
      model: 'gpt-4-1106-preview',
      messages: [{ role: 'user', content: 'Umbrella or raincoat?' }],
    });

    expect(completion.choices[0]?.message.content).toBe('Take the raincoat.');
    expect(mock.calls).toHaveLength(1);
  });

  it('streams through the mounted gateway', async () => {
    mock.onChat().streamOnce('Rain all week.', { chunkSize: 4 });
    const openai = new OpenAI({ baseURL: `${origin}/ai/v1`, apiKey: 'shop-key', maxRetries: 0 });

    const stream = await openai.chat.completions.create({
      model: 'gpt-4-1106-preview',
      messages: [{ role: 'user', content: 'Forecast?' }],
      stream: true,
    });
    let text = '';
    for await (const chunk of stream) text += chunk.choices[0]?.delta.content ?? '';

    expect(text).toBe('Rain all week.');
  });

  it('refuses gateway callers without one of the app’s keys, and leaves its own routes open', async () => {
    const openai = new OpenAI({ baseURL: `${origin}/ai/v1`, apiKey: 'wrong', maxRetries: 0 });

    await expect(
      openai.chat.completions.create({
        model: 'gpt-4',
        messages: [{ role: 'user', content: 'hi' }],
      }),
    ).rejects.toMatchObject({ status: 401 });
    expect(mock.calls).toHaveLength(0);
    expect((await fetch(`${origin}/api/products`)).status).toBe(200);
  });
});
