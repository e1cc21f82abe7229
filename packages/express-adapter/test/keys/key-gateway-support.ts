// What the gateway-key tests share: one fixed chat request, what it can cost
// at most (computed here from core's token count and the table's prices), and
// the stores the tests run against.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { countPromptTokens, DEFAULT_MODELS, loadTokenCounter } from '@bulwark/core/models';
import { openRedisKeyStore, openSqliteKeyStore, type KeyStore } from '../../src/keys/index.js';
import { TEST_REDIS_URL, uniquePrefix } from './redis-test-support.js';

/** The model of the tests: priced, with a cached-input price. */
export const MODEL = 'gpt-4o-mini';
/** The completion maximum every test request asks for. */
export const MAX_TOKENS = 10;
/** The request every budget test sends. */
export const MESSAGES = [{ role: 'user' as const, content: 'Say hello to the budget test.' }];

/** The prompt tokens of {@link MESSAGES} with the model's tokenizer. */
export async function promptTokens(): Promise<number> {
  const model = DEFAULT_MODELS[MODEL];
  if (model === undefined) throw new Error(`${MODEL} has no entry`);
  return countPromptTokens({ messages: MESSAGES }, await loadTokenCounter(model.encoding));
}

/** Dollars for tokens at the model's prices, from the table's prices themselves. */
export function priceOf(prompt: number, cached: number, completion: number): number {
  const prices = DEFAULT_MODELS[MODEL];
  if (prices === undefined) throw new Error(`${MODEL} has no price`);
  const cachedPrice = prices.cachedInputCostPer1K ?? prices.inputCostPer1K;
  return (
    ((prompt - cached) * prices.inputCostPer1K +
      cached * cachedPrice +
      completion * prices.outputCostPer1K) /
    1000
  );
}

/** Where a test's keys live, reopened as often as the test likes (a restart). */
export interface StoreBacking {
  /** Opens a store on the same file or Redis prefix. */
  open(): Promise<KeyStore>;
  /** Deletes the folder (SQLite). */
  dispose(): void;
  /** Where: the SQLite folder, or the Redis key prefix. */
  where: string;
}

/** A fresh SQLite store folder. */
export function sqliteBacking(): StoreBacking {
  const stateDir = mkdtempSync(join(tmpdir(), 'bulwark-gateway-keys-'));
  return {
    where: stateDir,
    open: () => openSqliteKeyStore({ stateDir }),
    dispose: () => rmSync(stateDir, { recursive: true, force: true }),
  };
}

/** A fresh Redis key prefix on the tests' Redis. */
export function redisBacking(): StoreBacking {
  const keyPrefix = uniquePrefix();
  return {
    where: keyPrefix,
    open: () => openRedisKeyStore({ url: TEST_REDIS_URL ?? 'redis://127.0.0.1:6379', keyPrefix }),
    dispose: () => undefined,
  };
}
