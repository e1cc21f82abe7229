import { formatGoDuration } from './format-go-duration.js';

const MINUTE_MS = 60_000;
const SECOND_MS = 1000;

/** Limits the mock enforces, like an OpenAI account's. */
export interface RateLimitOptions {
  /** Requests per minute; also at most `ceil(rpm / 60)` in any one second. Unlimited when absent. */
  rpm?: number;
  /** Tokens per minute; also at most `ceil(tpm / 60)` in any one second. Unlimited when absent. */
  tpm?: number;
}

/** @internal */
export type RateLimitDecision =
  | { admitted: true }
  | {
      admitted: false;
      type: 'requests' | 'tokens';
      message: string;
      /** Wait after which the same request would be admitted; absent when it never would. */
      retryAfterMs: number | undefined;
    };

/** @internal */
export interface RateLimiter {
  /** Decides on a request costing `tokens`, and records it (a rejection costs one request, no tokens). */
  admit(tokens: number, model: string): RateLimitDecision;
  /** The `x-ratelimit-*` headers as of now. */
  headers(): Record<string, string>;
}

interface Entry {
  time: number;
  tokens: number;
}

/**
 * Sliding-window limiter with OpenAI's per-second quantization.
 *
 * A request costing `t` tokens is admitted at time `now` when, counting the
 * requests recorded in `(now - 60 s, now]` and in `(now - 1 s, now]`:
 * - requests in the minute + 1 ≤ `rpm` and in the second + 1 ≤ `ceil(rpm / 60)`;
 * - tokens in the minute + t ≤ `tpm` and tokens in the second + t ≤ `ceil(tpm / 60)`,
 *   except that a request alone in its second may exceed the per-second share
 *   (otherwise a request larger than `tpm / 60` could never run).
 * Rejected requests are recorded with 0 tokens: they count against the
 * request limits. The retry-after is the first instant at which the same
 * request would be admitted if nothing else arrived.
 * @internal
 */
export function createRateLimiter(options: RateLimitOptions, now: () => number): RateLimiter {
  const { rpm, tpm } = options;
  const requestsPerSecond = rpm === undefined ? undefined : Math.max(1, Math.ceil(rpm / 60));
  const tokensPerSecond = tpm === undefined ? undefined : Math.max(1, Math.ceil(tpm / 60));
  let entries: Entry[] = [];

  const prune = (time: number): void => {
    entries = entries.filter((entry) => entry.time > time - MINUTE_MS);
  };
  const window = (time: number, length: number): { requests: number; tokens: number } => {
    let requests = 0;
    let tokens = 0;
    for (const entry of entries) {
      if (entry.time > time - length && entry.time <= time) {
        requests += 1;
        tokens += entry.tokens;
      }
    }
    return { requests, tokens };
  };
  const failing = (time: number, cost: number): 'requests' | 'tokens' | undefined => {
    const minute = window(time, MINUTE_MS);
    const second = window(time, SECOND_MS);
    if (rpm !== undefined && minute.requests + 1 > rpm) return 'requests';
    if (requestsPerSecond !== undefined && second.requests + 1 > requestsPerSecond)
      return 'requests';
    if (tpm !== undefined && minute.tokens + cost > tpm) return 'tokens';
    if (
      tokensPerSecond !== undefined &&
      second.tokens > 0 &&
      second.tokens + cost > tokensPerSecond
    ) {
      return 'tokens';
    }
    return undefined;
  };
  const retryAfter = (time: number, cost: number): number | undefined => {
    if (tpm !== undefined && cost > tpm) return undefined;
    const instants = entries
      .flatMap((entry) => [entry.time + SECOND_MS, entry.time + MINUTE_MS])
      .filter((instant) => instant > time)
      .sort((a, b) => a - b);
    const instant = instants.find((candidate) => failing(candidate, cost) === undefined);
    return instant === undefined ? undefined : instant - time;
  };

  return {
    admit(tokens, model) {
      const time = now();
      prune(time);
      const type = failing(time, tokens);
      if (type === undefined) {
        entries.push({ time, tokens });
        return { admitted: true };
      }
      entries.push({ time, tokens: 0 });
      const retryAfterMs = retryAfter(time, tokens);
      const minute = window(time, MINUTE_MS);
      const limit = type === 'requests' ? rpm : tpm;
      const used = type === 'requests' ? minute.requests : minute.tokens;
      const unit = type === 'requests' ? 'requests per min (RPM)' : 'tokens per min (TPM)';
      const wait =
        retryAfterMs === undefined ? '' : ` Please try again in ${formatGoDuration(retryAfterMs)}.`;
      const tooLarge = retryAfterMs === undefined ? 'Request too large. ' : '';
      return {
        admitted: false,
        type,
        retryAfterMs,
        message: `${tooLarge}Rate limit reached for ${model} in organization org-mock on ${unit}: Limit ${limit ?? 'none'}, Used ${used}, Requested ${type === 'requests' ? 1 : tokens}.${wait}`,
      };
    },
    headers() {
      const time = now();
      prune(time);
      const minute = window(time, MINUTE_MS);
      const newest = entries.at(-1)?.time;
      const resetIn = newest === undefined ? 0 : Math.max(0, newest + MINUTE_MS - time);
      const lastTokenEntry = entries.findLast((entry) => entry.tokens > 0)?.time;
      const tokenResetIn =
        lastTokenEntry === undefined ? 0 : Math.max(0, lastTokenEntry + MINUTE_MS - time);
      const headers: Record<string, string> = {};
      if (rpm !== undefined) {
        headers['x-ratelimit-limit-requests'] = String(rpm);
        headers['x-ratelimit-remaining-requests'] = String(Math.max(0, rpm - minute.requests));
        headers['x-ratelimit-reset-requests'] = formatGoDuration(resetIn);
      }
      if (tpm !== undefined) {
        headers['x-ratelimit-limit-tokens'] = String(tpm);
        headers['x-ratelimit-remaining-tokens'] = String(Math.max(0, tpm - minute.tokens));
        headers['x-ratelimit-reset-tokens'] = formatGoDuration(tokenResetIn);
      }
      return headers;
    },
  };
}
