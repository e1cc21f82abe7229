import { ExponentialBackoff } from 'cockatiel';
import { describe, expect, it } from 'vitest';
import { createFullJitterGenerator } from './full-jitter-generator.js';

describe('createFullJitterGenerator', () => {
  it('scales the injected random number by the exponential ceiling, floored', () => {
    const draws = [0.25, 0.75, 0.1];
    const backoff = new ExponentialBackoff({
      generator: createFullJitterGenerator(() => draws.shift() ?? 0),
      initialDelay: 1_000,
      maxDelay: 3_000,
    });
    const first = backoff.next();
    const second = first.next(undefined);
    const third = second.next(undefined);
    expect([first.duration, second.duration, third.duration]).toEqual([250, 1_500, 300]);
  });
});
