import { describe, expect, it } from 'vitest';
import { formatBatchSummary } from './format-batch-summary.js';

const FIGURES = {
  total: 3000,
  succeeded: 2990,
  failed: 10,
  ranNow: 1000,
  skipped: 2000,
  promptTokens: 100_000,
  cachedTokens: 2048,
  completionTokens: 23_456,
  costUsd: 0.12345,
  elapsedMs: 12_300,
};

describe('formatBatchSummary', () => {
  it('states rows, outcomes, tokens with the cached ones, cost and time', () => {
    expect(formatBatchSummary(FIGURES)).toBe(
      '3000 rows: 2990 succeeded, 10 failed (1000 run now, 2000 already in the output)\n' +
        'tokens 123456 (prompt 100000, cached 2048, completion 23456), cost $0.1235, time 12.3s',
    );
  });

  it('counts the cached tokens inside the prompt tokens, not on top of them', () => {
    const summary = formatBatchSummary({ ...FIGURES, cachedTokens: 100_000 });
    expect(summary).toContain('tokens 123456 (prompt 100000, cached 100000, completion 23456)');
  });

  it('says cached 0 when no prompt token came from the prompt cache', () => {
    expect(formatBatchSummary({ ...FIGURES, cachedTokens: 0, costUsd: 0 })).toContain(
      '(prompt 100000, cached 0, completion 23456), cost $0.0000,',
    );
  });

  it('counts done, failed and not run rows when the run was interrupted', () => {
    const summary = formatBatchSummary({
      ...FIGURES,
      succeeded: 1190,
      failed: 10,
      ranNow: 700,
      skipped: 500,
      interrupted: true,
    });
    expect(summary.split('\n')[0]).toBe(
      'interrupted: 3000 rows: 1200 done (1190 succeeded, 10 failed), 1800 not run ' +
        '(700 run now, 500 already in the output); run the same command again to finish',
    );
  });
});
