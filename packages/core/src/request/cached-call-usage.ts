import type { CallUsage } from '../events/client-events.js';

/** The usage of a call the cache answered: nothing was spent. */
export const CACHED_CALL_USAGE: Readonly<CallUsage> = Object.freeze({
  promptTokens: 0,
  completionTokens: 0,
  cachedTokens: 0,
  totalTokens: 0,
  costUsd: 0,
  source: 'cache',
});
