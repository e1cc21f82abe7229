// The rows the gateway benchmark prints from its figures: each path's
// throughput and latency, CPU time per request, and the ratios and
// differences the bars are read from. See gateway.bench.ts.
import { median, type BenchRow } from '../../../bench/src/bench-row.js';

/** The paths the gateway benchmark measures. */
export type PathName =
  | 'direct'
  | 'bare proxy'
  | 'handler without core'
  | 'bulwark serve'
  | 'bulwark serve, fallback'
  | 'bulwark serve, OTel SDK registered';

const round = (value: number) => Math.round(value * 1000) / 1000;

/**
 * CPU time per request of each path's own process at 32 connections (Linux
 * only), and the gateway's over the bare proxy's: what each request costs the
 * process, whatever the load generator and the upstream take of the same
 * cores, so it moves less from run to run than throughput does.
 */
function cpuRows(figures: Map<string, number[]>): BenchRow[] {
  const cpu = (name: PathName) => {
    const values = figures.get(`${name} 32 cpu`);
    return values === undefined ? undefined : median(values);
  };
  const rows: BenchRow[] = [];
  for (const name of ['bare proxy', 'handler without core', 'bulwark serve'] as const) {
    const value = cpu(name);
    if (value === undefined) continue;
    rows.push({
      name: `${name}, 32 conn: CPU time of its process per request`,
      value: round(value),
      unit: 'µs',
      lowerIsBetter: true,
    });
  }
  const bare = cpu('bare proxy');
  for (const name of ['handler without core', 'bulwark serve'] as const) {
    const value = cpu(name);
    if (value === undefined || bare === undefined) continue;
    rows.push({
      name: `${name} / bare proxy CPU time per request (32 conn)`,
      value: round(value / bare),
      unit: 'ratio',
      lowerIsBetter: true,
    });
  }
  return rows;
}

/**
 * Every row of the benchmark from its figures (keyed `<path> <connections>
 * req/s|p50|p99|cpu` and `<path> first chunk|last chunk`, one value per run).
 *
 * @param figures - the values of each figure, one per run.
 * @param paths - the paths measured, in the order to print them.
 * @param traceExports - the trace exports the OTLP sink received.
 */
export function gatewayRows(
  figures: Map<string, number[]>,
  paths: readonly PathName[],
  traceExports: number,
): BenchRow[] {
  const value = (key: string) => median(figures.get(key) ?? []);
  const rows: BenchRow[] = [];
  for (const connections of [1, 32]) {
    for (const name of paths) {
      rows.push(
        {
          name: `${name}, ${connections} conn: throughput`,
          value: round(value(`${name} ${connections} req/s`)),
          unit: 'req/s',
        },
        {
          name: `${name}, ${connections} conn: latency p50`,
          value: round(value(`${name} ${connections} p50`)),
          unit: 'ms',
          lowerIsBetter: true,
        },
        {
          name: `${name}, ${connections} conn: latency p99`,
          value: round(value(`${name} ${connections} p99`)),
          unit: 'ms',
          lowerIsBetter: true,
        },
      );
    }
  }
  rows.push(...cpuRows(figures));
  const added = (name: PathName, figure: string) =>
    value(`${name} ${figure}`) - value(`direct ${figure}`);
  const ratio = (name: string, figure: number, target?: number): BenchRow => ({
    name,
    value: round(figure),
    unit: 'ratio',
    ...(target === undefined ? {} : { target }),
  });
  const ms = (name: string, figure: number, target?: number): BenchRow => ({
    ...ratio(name, figure, target),
    unit: 'ms',
    lowerIsBetter: true,
  });
  rows.push(
    ratio(
      'bulwark / bare proxy throughput (32 conn)',
      value('bulwark serve 32 req/s') / value('bare proxy 32 req/s'),
      0.8,
    ),
    ms(
      'fallback route (primary down) latency p50 − single deployment p50 (1 conn)',
      value('bulwark serve, fallback 1 p50') - value('bulwark serve 1 p50'),
      1,
    ),
    ms(
      'fallback route (primary down) latency p99 − single deployment p99 (1 conn)',
      value('bulwark serve, fallback 1 p99') - value('bulwark serve 1 p99'),
      1,
    ),
    ratio(
      'OTel SDK registered / tracing off throughput (32 conn)',
      value('bulwark serve, OTel SDK registered 32 req/s') / value('bulwark serve 32 req/s'),
    ),
    ms(
      'OTel SDK registered − tracing off latency p50 (1 conn)',
      value('bulwark serve, OTel SDK registered 1 p50') - value('bulwark serve 1 p50'),
    ),
    ms(
      'OTel SDK registered − tracing off latency p99 (1 conn)',
      value('bulwark serve, OTel SDK registered 1 p99') - value('bulwark serve 1 p99'),
    ),
    ms(
      'OTel SDK registered − tracing off time to first stream chunk',
      value('bulwark serve, OTel SDK registered first chunk') - value('bulwark serve first chunk'),
    ),
    { name: 'OTel sink: trace export requests received', value: traceExports, unit: 'requests' },
    ratio(
      'handler without core / bare proxy throughput (32 conn)',
      value('handler without core 32 req/s') / value('bare proxy 32 req/s'),
    ),
    ms(
      'handler without core added p50 − bare proxy added p50',
      added('handler without core', '1 p50') - added('bare proxy', '1 p50'),
    ),
    ms(
      'handler without core added time to first stream chunk',
      added('handler without core', 'first chunk'),
    ),
    ms('bare proxy added latency p50 (1 conn)', added('bare proxy', '1 p50')),
    ms('bulwark added latency p50 (1 conn)', added('bulwark serve', '1 p50')),
    ms(
      'bulwark added p50 − bare proxy added p50',
      added('bulwark serve', '1 p50') - added('bare proxy', '1 p50'),
      0.2,
    ),
    ms('bare proxy added latency p99 (1 conn)', added('bare proxy', '1 p99')),
    ms('bulwark added latency p99 (1 conn)', added('bulwark serve', '1 p99')),
    ms(
      'bulwark added p99 − bare proxy added p99',
      added('bulwark serve', '1 p99') - added('bare proxy', '1 p99'),
      1,
    ),
    ms('bare proxy added time to first stream chunk', added('bare proxy', 'first chunk')),
    ms('bulwark added time to first stream chunk', added('bulwark serve', 'first chunk'), 1),
    // Upstream chunks are 2 ms apart: a gateway holding frames back adds time here.
    ms('bare proxy added time to last stream chunk', added('bare proxy', 'last chunk')),
    ms('bulwark added time to last stream chunk', added('bulwark serve', 'last chunk')),
  );
  return rows;
}
