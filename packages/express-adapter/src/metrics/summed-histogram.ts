import type { LabelValues, Metric, MetricValue, Registry } from 'prom-client';

/** One labelled series of a {@link SummedHistogram}. */
export interface HistogramSeries {
  /** Records one observation, a finite number, as `Histogram.observe` does. */
  observe(value: number): void;
}

/** Options of {@link SummedHistogram}, as for prom-client's `Histogram`. */
export interface SummedHistogramOptions<Label extends string> {
  name: string;
  help: string;
  labelNames: readonly Label[];
  /** Upper bounds of the buckets, ascending (`+Inf` is added). */
  buckets: readonly number[];
  registers: Registry[];
}

type ExportedValue = MetricValue<string> & {
  metricName: string;
  sharedLabels?: Record<string, string | number>;
  /** As prom-client exports it: `null` on buckets, `undefined` on the sum and count. */
  exemplar: null | undefined;
};

class Series<Label extends string> implements HistogramSeries {
  readonly counts: number[];
  sum = 0;
  count = 0;

  constructor(
    readonly labels: LabelValues<Label>,
    private readonly bounds: readonly number[],
  ) {
    this.counts = bounds.map(() => 0);
  }

  observe(value: number): void {
    if (!Number.isFinite(value)) throw new TypeError(`Value is not a valid number: ${value}`);
    const { bounds } = this;
    for (let index = 0; index < bounds.length; index += 1) {
      if (value <= (bounds[index] as number)) {
        this.counts[index] = (this.counts[index] as number) + 1;
        break;
      }
    }
    this.sum += value;
    this.count += 1;
  }
}

/**
 * A histogram for the request path, exported as prom-client's `Histogram`
 * exports one (same `_bucket`, `_sum` and `_count` lines) from the registries
 * it is registered in. An observation adds to a series' plain numbers:
 * prom-client hashes and validates the labels on every `observe`, even through
 * a `labels()` child, about 0.6–1 µs each, and a gateway request makes three.
 * A series appears once it has an observation, as in prom-client.
 */
export class SummedHistogram<Label extends string> {
  readonly type = 'histogram';
  readonly aggregator = 'sum';
  readonly name: string;
  readonly help: string;
  readonly #bounds: readonly number[];
  readonly #all: Series<Label>[] = [];

  /** @param options - name, help, label names, buckets and registries. */
  constructor(options: SummedHistogramOptions<Label>) {
    this.name = options.name;
    this.help = options.help;
    this.#bounds = [...options.buckets].sort((a, b) => a - b);
    // A registry takes any object that exports like a metric; prom-client's type names its own.
    for (const registry of options.registers) registry.registerMetric(this as unknown as Metric);
  }

  /**
   * A series of the histogram. Make it once per label set and keep it: each call makes a new one.
   *
   * @param labels - the series' labels.
   */
  series(labels: LabelValues<Label>): HistogramSeries {
    const series = new Series(labels, this.#bounds);
    this.#all.push(series);
    return series;
  }

  /** What the text format prints, labels of each line after its `le` (as prom-client). */
  async getForPromString(): Promise<{
    name: string;
    help: string;
    type: 'histogram';
    values: ExportedValue[];
    aggregator: 'sum';
  }> {
    const values: ExportedValue[] = [];
    const bucket = `${this.name}_bucket`;
    for (const series of this.#all) {
      if (series.count === 0) continue;
      const sharedLabels = series.labels as Record<string, string | number>;
      let cumulative = 0;
      this.#bounds.forEach((bound, index) => {
        cumulative += series.counts[index] as number;
        values.push({
          labels: { le: bound },
          sharedLabels,
          value: cumulative,
          metricName: bucket,
          exemplar: null,
        });
      });
      values.push(
        {
          labels: { le: '+Inf' },
          sharedLabels,
          value: series.count,
          metricName: bucket,
          exemplar: null,
        },
        {
          labels: {},
          sharedLabels,
          value: series.sum,
          metricName: `${this.name}_sum`,
          exemplar: undefined,
        },
        {
          labels: {},
          sharedLabels,
          value: series.count,
          metricName: `${this.name}_count`,
          exemplar: undefined,
        },
      );
    }
    return { name: this.name, help: this.help, type: this.type, values, aggregator: 'sum' };
  }

  /** The JSON export (`registry.getMetricsAsJSON()`): each value's labels with its `le`. */
  async get(): Promise<Awaited<ReturnType<SummedHistogram<Label>['getForPromString']>>> {
    const data = await this.getForPromString();
    data.values = data.values.map(({ sharedLabels, labels, value, metricName, exemplar }) => ({
      value,
      labels: Object.assign({}, labels, sharedLabels),
      metricName,
      exemplar,
    }));
    return data;
  }

  /** Forgets every observation (`registry.resetMetrics()`); the series stay, empty. */
  reset(): void {
    for (const series of this.#all) {
      series.counts.fill(0);
      series.sum = 0;
      series.count = 0;
    }
  }
}
