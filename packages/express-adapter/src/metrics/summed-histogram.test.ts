import { Histogram, Registry } from 'prom-client';
import { describe, expect, it } from 'vitest';
import { SummedHistogram } from './summed-histogram.js';

const options = {
  name: 'test_seconds',
  help: 'A test histogram.',
  labelNames: ['route', 'status'] as const,
  buckets: [0.01, 0.1, 1, 10],
};
const OBSERVED = [
  [{ route: '/v1/chat/completions', status: '200' }, [0.005, 0.01, 0.5, 2, 30, 0.07]],
  [{ route: '/v1/models', status: '404' }, [0.001]],
] as const;

/** The same observations through prom-client's own `Histogram` and through ours. */
function both() {
  const theirs = new Registry();
  const ours = new Registry();
  const histogram = new Histogram({
    ...options,
    buckets: [...options.buckets],
    registers: [theirs],
  });
  const summed = new SummedHistogram({ ...options, registers: [ours] });
  for (const [labels, values] of OBSERVED) {
    const series = summed.series(labels);
    for (const value of values) {
      histogram.observe(labels, value);
      series.observe(value);
    }
  }
  return { theirs, ours, summed };
}

describe('SummedHistogram', () => {
  it("exports exactly what prom-client's Histogram exports for the same observations", async () => {
    const { theirs, ours } = both();
    expect(await ours.metrics()).toBe(await theirs.metrics());
    expect(await ours.getMetricsAsJSON()).toEqual(await theirs.getMetricsAsJSON());
  });

  it('shows a series only once it has an observation, and forgets them all on reset', async () => {
    const { theirs, ours, summed } = both();
    summed.series({ route: '/unused', status: '200' });
    expect(await ours.metrics()).not.toContain('/unused');
    ours.resetMetrics();
    theirs.resetMetrics();
    expect(await ours.metrics()).toBe(await theirs.metrics());
  });

  it('refuses a value that is not a finite number', () => {
    const series = both().summed.series({ route: '/', status: '200' });
    expect(() => series.observe(Number.NaN)).toThrow(TypeError);
    expect(() => series.observe(Number.POSITIVE_INFINITY)).toThrow(TypeError);
  });
});
