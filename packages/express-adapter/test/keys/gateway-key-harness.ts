import { afterEach, beforeEach } from 'vitest';
import type { KeyStore } from '../../src/keys/index.js';
import { startTestGateway, type TestGateway } from '../start-test-gateway.js';
import { MAX_TOKENS, MESSAGES, MODEL, type StoreBacking } from './key-gateway-support.js';

/** A key of BULWARK_API_KEYS, accepted beside the store's. */
export const LISTED_KEY = 'sk-test.listed-operator-key';

/** What a request through the gateway answered. */
export interface Answer {
  status: number;
  headers: { get(name: string): string | null };
  body: string;
}

/** What one chat request through the gateway answered. */
export async function chat(
  gateway: TestGateway,
  key: string,
  body: Record<string, unknown> = {},
): Promise<Answer> {
  const response = await fetch(`${gateway.baseURL}/chat/completions`, {
    method: 'POST',
    headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
    body: JSON.stringify({ model: MODEL, messages: MESSAGES, max_tokens: MAX_TOKENS, ...body }),
  });
  return { status: response.status, headers: response.headers, body: await response.text() };
}

/** What `GET /v1/bulwark/key` answered. */
export async function report(gateway: TestGateway, key: string) {
  const response = await fetch(`${gateway.baseURL}/bulwark/key`, {
    headers: { authorization: `Bearer ${key}` },
  });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

/** One test's store and gateway; see {@link useGatewayWithStore}. */
export interface GatewayWithStore {
  /** The backing of the test. */
  backing: StoreBacking;
  /** The store open on it (a test may reopen it). */
  store: KeyStore;
  /** Starts a gateway over the store, with {@link LISTED_KEY} and no cache. */
  start(): Promise<TestGateway>;
}

/**
 * A fresh backing and store for each test, and the gateway it starts,
 * closed after it.
 *
 * @param createBacking - a fresh, empty backing.
 */
export function useGatewayWithStore(createBacking: () => StoreBacking): GatewayWithStore {
  let gateway: TestGateway | undefined;
  const harness: GatewayWithStore = {
    backing: undefined as unknown as StoreBacking,
    store: undefined as unknown as KeyStore,
    async start() {
      gateway = await startTestGateway({
        keyStore: harness.store,
        env: { BULWARK_API_KEYS: LISTED_KEY, BULWARK_MAX_QUEUE: '1000', BULWARK_CACHE: 'off' },
      });
      return gateway;
    },
  };
  beforeEach(async () => {
    harness.backing = createBacking();
    harness.store = await harness.backing.open();
  });
  afterEach(async () => {
    await gateway?.server.close();
    gateway = undefined;
    await harness.store.close();
    harness.backing.dispose();
  });
  return harness;
}
