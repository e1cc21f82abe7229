import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import * as core from '@bulwark/core';
import { createClient } from '@bulwark/core';
import { createMockOpenAI, type ChatHandlerBuilder } from '@bulwark/testing-mocks';
import { describe, expect, it } from 'vitest';

// The rows of the "What each fault becomes" table in testing.md, each scripted for real.
const FAULTS: Record<string, (step: ChatHandlerBuilder) => unknown> = {
  '`fail(400)`': (step) => step.fail(400),
  '`fail(401)`': (step) => step.fail(401),
  "`fail(429, { code: 'insufficient_quota' })`": (step) =>
    step.fail(429, { code: 'insufficient_quota' }),
  '`fail(429)`': (step) => step.fail(429, { retryAfterMs: 1 }),
  '`fail(500)`, `fail(503)`': (step) => step.fail(503),
  '`hang()` past `timeoutMs`': (step) => step.hang(),
  '`reset()`': (step) => step.reset(),
  '`truncate()`': (step) => step.truncate({ afterChunks: 1 }),
};

function documentedFaults(): [string, string][] {
  const markdown = readFileSync(fileURLToPath(new URL('../testing.md', import.meta.url)), 'utf8');
  const table = markdown.split('| mock step')[1]?.split('\n\n')[0] ?? '';
  return table
    .split('\n')
    .slice(2)
    .map((line) => line.split('|').map((cell) => cell.trim()))
    .map((cells): [string, string] => [cells[1] ?? '', /`(\w+)`/.exec(cells[2] ?? '')?.[1] ?? '']);
}

describe('docs/testing.md', () => {
  const rows = documentedFaults();

  it('scripts every row of the fault table', () => {
    expect(rows.map(([step]) => step).sort()).toEqual(Object.keys(FAULTS).sort());
  });

  it.each(rows)('%s surfaces as %s', async (step, errorName) => {
    const mock = createMockOpenAI();
    FAULTS[step]?.(mock.onChat());
    const client = createClient({
      fetch: mock.fetch,
      timeoutMs: 50,
      retry: { maxAttempts: 2, baseDelayMs: 0 },
      cache: { store: 'off' },
    });
    const ErrorClass = (core as unknown as Record<string, abstract new () => Error>)[errorName];
    expect(ErrorClass, errorName).toBeDefined();
    const stream = step.includes('truncate');
    const call = async () => {
      const messages = [{ role: 'user' as const, content: 'hi' }];
      if (!stream) return client.chat.completions.create({ messages });
      for await (const chunk of await client.chat.completions.create({ messages, stream: true })) {
        void chunk;
      }
    };

    await expect(call()).rejects.toBeInstanceOf(ErrorClass as abstract new () => Error);
    await client.close();
  });
});
