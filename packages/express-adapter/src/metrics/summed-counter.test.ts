import { Registry } from 'prom-client';
import { describe, expect, it } from 'vitest';
import { SummedCounter } from './summed-counter.js';

function setup(collect?: () => void) {
  const registry = new Registry();
  const summed = new SummedCounter({
    name: 'test_total',
    help: 'A test counter.',
    labelNames: ['kind'] as const,
    registers: [registry],
    ...(collect === undefined ? {} : { collect }),
  });
  return { registry, summed };
}

describe('SummedCounter', () => {
  it('shows at every scrape exactly what its series were increased by', async () => {
    const { registry, summed } = setup();
    const a = summed.series({ kind: 'a' });
    const b = summed.series({ kind: 'b' });
    a.inc();
    a.inc(2.5);
    b.inc(4);
    expect(await registry.getSingleMetricAsString('test_total')).toContain(
      'test_total{kind="a"} 3.5',
    );
    a.inc();
    const text = await registry.getSingleMetricAsString('test_total');
    expect(text).toContain('test_total{kind="a"} 4.5');
    expect(text).toContain('test_total{kind="b"} 4');
  });

  it('has no series until it is increased, and one from an increase by 0', async () => {
    const { registry, summed } = setup();
    const never = summed.series({ kind: 'never' });
    const zero = summed.series({ kind: 'zero' });
    zero.inc(0);
    const text = await registry.getSingleMetricAsString('test_total');
    expect(text).toContain('test_total{kind="zero"} 0');
    expect(text).not.toContain('never');
    expect(never).toBeDefined();
  });

  it('refuses what a counter refuses: a negative, infinite or non-numeric increase', () => {
    const series = setup().summed.series({ kind: 'a' });
    expect(() => series.inc(-1)).toThrow(TypeError);
    expect(() => series.inc(Number.POSITIVE_INFINITY)).toThrow(TypeError);
    expect(() => series.inc(Number.NaN)).toThrow(TypeError);
  });

  it("runs the configuration's own collect after handing over the sums", async () => {
    let seen: string | undefined;
    const { registry, summed } = setup(function (this: unknown) {
      seen = 'collected';
    });
    summed.series({ kind: 'a' }).inc(1);
    await registry.metrics();
    expect(seen).toBe('collected');
    expect(await registry.getSingleMetricAsString('test_total')).toContain(
      'test_total{kind="a"} 1',
    );
  });
});
