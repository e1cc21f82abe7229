import { noJitterGenerator, type GeneratorFn } from 'cockatiel';

/**
 * cockatiel's full-jitter generator for `ExponentialBackoff`, with the source
 * of randomness injected (cockatiel's own reads `Math.random`). The n-th delay
 * (n from 0) is drawn uniformly from `[0, min(maxDelay, initialDelay · 2^n))`
 * ("full jitter", which spreads retrying clients best).
 *
 * @param random - returns a number in `[0, 1)`.
 * @returns a generator for `new ExponentialBackoff({ generator })`.
 */
export function createFullJitterGenerator(random: () => number): GeneratorFn<number> {
  return (state, options) => {
    const [ceiling, nextState] = noJitterGenerator(state, options);
    return [Math.floor(random() * ceiling), nextState];
  };
}
