// The package ships no types: the shape of its output, as its README documents it.
declare module 'parse-prometheus-text-format' {
  /** One sample: a value (counter, gauge) or buckets (histogram), with its labels. */
  export interface PrometheusSample {
    value?: string;
    labels?: Record<string, string>;
    buckets?: Record<string, string>;
    count?: string;
    sum?: string;
  }
  /** One metric family. */
  export interface PrometheusFamily {
    name: string;
    help: string;
    type: 'COUNTER' | 'GAUGE' | 'HISTOGRAM' | 'SUMMARY' | 'UNTYPED';
    metrics: PrometheusSample[];
  }
  /** Parses Prometheus text; throws on a line that breaks the format. */
  export default function parsePrometheusTextFormat(text: string): PrometheusFamily[];
}
