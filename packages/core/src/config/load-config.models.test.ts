import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createMockOpenAI } from '@bulwark/testing-mocks';
import { describe, expect, it } from 'vitest';
import { configIssuesOf as issuesOf } from '../../test/support/config-issues.js';
import { createClient } from '../client/create-client.js';
import { DEFAULT_MODELS } from '../models/default-models.js';
import { loadConfig } from './load-config.js';

function folderWith(name: string, text: string): string {
  const folder = mkdtempSync(join(tmpdir(), 'bulwark-models-'));
  writeFileSync(join(folder, name), text);
  return folder;
}

const MODELS = `gpt-4o:
  inputCostPer1K: 0.002
  cachedInputCostPer1K: 0.001
ft:gpt-4o-mini:acme::abc123:
  contextWindow: 128000
  maxOutputTokens: 16384
  inputCostPer1K: 0.0003
  outputCostPer1K: 0.0012
`;

describe('BULWARK_MODELS_FILE', () => {
  it('corrects a known model’s prices, keeping its other fields, and adds a new model', () => {
    const cwd = folderWith('models.yaml', MODELS);
    const config = loadConfig({ env: { BULWARK_MODELS_FILE: 'models.yaml' }, cwd });
    expect(config.models['gpt-4o']).toEqual({
      ...DEFAULT_MODELS['gpt-4o'],
      inputCostPer1K: 0.002,
      cachedInputCostPer1K: 0.001,
    });
    expect(config.models['ft:gpt-4o-mini:acme::abc123']).toEqual({
      contextWindow: 128_000,
      maxOutputTokens: 16_384,
      encoding: 'o200k_base',
      inputCostPer1K: 0.0003,
      outputCostPer1K: 0.0012,
    });
  });

  it('takes an embedding model: no output, its dimensions, cl100k_base', () => {
    const cwd = folderWith(
      'models.yaml',
      `my-embedder:
  contextWindow: 512
  maxOutputTokens: 0
  encoding: cl100k_base
  inputCostPer1K: 0.00001
  outputCostPer1K: 0
  dimensions: 384
text-embedding-3-small:
  inputCostPer1K: 0.00001
`,
    );
    const config = loadConfig({ env: { BULWARK_MODELS_FILE: 'models.yaml' }, cwd });
    expect(config.models['my-embedder']).toMatchObject({ maxOutputTokens: 0, dimensions: 384 });
    expect(config.models['text-embedding-3-small']).toEqual({
      ...DEFAULT_MODELS['text-embedding-3-small'],
      inputCostPer1K: 0.00001,
    });
    expect(DEFAULT_MODELS['text-embedding-3-small']).toMatchObject({
      contextWindow: 8191,
      maxOutputTokens: 0,
      dimensions: 1536,
      inputCostPer1K: 0.00002,
    });
  });

  it('prices calls with the file’s prices', async () => {
    const cwd = folderWith(
      'models.json',
      JSON.stringify({ 'gpt-4': { inputCostPer1K: 1, outputCostPer1K: 2 } }),
    );
    const mock = createMockOpenAI();
    mock.onChat().reply('Hi');
    const client = createClient({
      ...loadConfig({ env: { BULWARK_MODELS_FILE: 'models.json' }, cwd }),
      fetch: mock.fetch,
      model: 'gpt-4',
    });
    const costs: number[] = [];
    client.on('response', (event) => costs.push(event.usage.costUsd));
    const completion = await client.chat.completions.create({
      messages: [{ role: 'user', content: 'Hello' }],
    });
    const { prompt_tokens = 0, completion_tokens = 0 } = completion.usage ?? {};
    expect(costs[0]).toBeCloseTo((prompt_tokens * 1 + completion_tokens * 2) / 1000, 12);
  });

  it('names every problem by the variable, the model and the field', () => {
    const cwd = folderWith(
      'models.yaml',
      'gpt-4o:\n  inputCostPer1K: -1\nmy-model:\n  inputCostPer1K: 0.001\ngpt-4:\n  colour: blue\n',
    );
    const issues = issuesOf(() => loadConfig({ env: { BULWARK_MODELS_FILE: 'models.yaml' }, cwd }));
    expect(issues.map((issue) => issue.name)).toEqual([
      'BULWARK_MODELS_FILE',
      'BULWARK_MODELS_FILE',
    ]);
    expect(issues[0]?.message).toMatch(/^gpt-4o\.inputCostPer1K: /);
    expect(issues[1]?.message).toMatch(/^gpt-4: .*colour/);
    const missing = issuesOf(() =>
      loadConfig({
        env: { BULWARK_MODELS_FILE: 'models.yaml' },
        cwd: folderWith('models.yaml', 'my-model:\n  inputCostPer1K: 0.001\n'),
      }),
    );
    expect(missing).toEqual([
      {
        name: 'BULWARK_MODELS_FILE',
        message:
          'my-model: a model the table does not know needs contextWindow, maxOutputTokens, outputCostPer1K',
      },
    ]);
    expect(
      issuesOf(() => loadConfig({ env: { BULWARK_MODELS_FILE: 'nowhere.yaml' }, cwd })),
    ).toEqual([
      { name: 'BULWARK_MODELS_FILE', message: 'nowhere.yaml: cannot read the file (ENOENT)' },
    ]);
  });
});
