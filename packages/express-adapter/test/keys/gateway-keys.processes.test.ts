// Two gateway processes on one store: together they never pass a key's budget.
import { fork, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import type { KeyStore } from '../../src/keys/index.js';
import {
  MAX_TOKENS,
  MESSAGES,
  MODEL,
  priceOf,
  promptTokens,
  redisBacking,
  sqliteBacking,
  type StoreBacking,
} from './key-gateway-support.js';
import { describeWithRedis, TEST_REDIS_URL } from './redis-test-support.js';

const child = fileURLToPath(new URL('./gateway-in-child.ts', import.meta.url));
const children: ChildProcess[] = [];

afterEach(async () => {
  await Promise.all(
    children.splice(0).map(async (process) => {
      if (!process.connected) return;
      const exited = once(process, 'exit');
      process.send('stop');
      await exited;
    }),
  );
});

async function startGateway(args: string[]): Promise<string> {
  const process = fork(child, args, {
    execArgv: ['--import', 'tsx', '--conditions=@bulwark/source'],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  children.push(process);
  const [message] = (await once(process, 'message')) as [{ url: string }];
  return message.url;
}

async function budgetAcrossTwoGateways(
  backing: StoreBacking,
  args: (prompt: number) => string[],
): Promise<void> {
  const prompt = await promptTokens();
  const perCall = priceOf(prompt, 0, MAX_TOKENS);
  let store: KeyStore = await backing.open();
  const { key } = await store.create('shared', { budgetUsd: perCall * 50 });
  await store.close();
  const urls = await Promise.all([startGateway(args(prompt)), startGateway(args(prompt))]);
  const statuses = await Promise.all(
    Array.from({ length: 200 }, async (_, index) => {
      const response = await fetch(`${urls[index % 2]}/v1/chat/completions`, {
        method: 'POST',
        headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
        body: JSON.stringify({ model: MODEL, messages: MESSAGES, max_tokens: MAX_TOKENS }),
      });
      await response.arrayBuffer();
      return response.status;
    }),
  );
  expect(statuses.filter((status) => status === 200)).toHaveLength(50);
  expect(statuses.filter((status) => status === 429)).toHaveLength(150);
  store = await backing.open();
  const usage = await store.usage('shared');
  await store.close();
  expect(usage.spendUsd).toBeCloseTo(perCall * 50, 9);
  expect(usage.reservedUsd).toBe(0);
}

describe('two gateway processes on one SQLite store', () => {
  it('let 200 concurrent calls spend a budget for 50 exactly once', async () => {
    const backing = sqliteBacking();
    await budgetAcrossTwoGateways(backing, (prompt) => [
      'sqlite',
      backing.where,
      '',
      String(prompt),
      String(MAX_TOKENS),
    ]);
    backing.dispose();
  }, 60_000);
});

describeWithRedis('two gateway processes on one Redis', () => {
  it('let 200 concurrent calls spend a budget for 50 exactly once', async () => {
    const backing = redisBacking();
    await budgetAcrossTwoGateways(backing, (prompt) => [
      'redis',
      TEST_REDIS_URL ?? '',
      backing.where,
      String(prompt),
      String(MAX_TOKENS),
    ]);
  }, 60_000);
});
