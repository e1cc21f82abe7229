import { describe, expect, it } from 'vitest';
import { createUsageTracker } from './usage-tracker.js';

const usage = {
  promptTokens: 10,
  completionTokens: 5,
  cachedTokens: 4,
  totalTokens: 15,
  costUsd: 0.5,
  source: 'upstream' as const,
};

describe('createUsageTracker', () => {
  it('counts calls in flight and totals the settled ones', () => {
    const tracker = createUsageTracker();
    tracker.start();
    tracker.start();
    tracker.start();
    expect(tracker.inFlight).toBe(3);
    tracker.succeed(usage);
    tracker.fail();
    tracker.abandon();
    expect(tracker.inFlight).toBe(0);
    expect(tracker.totals()).toEqual({
      requests: 1,
      errors: 1,
      promptTokens: 10,
      completionTokens: 5,
      cachedTokens: 4,
      costUsd: 0.5,
    });
  });
});
