// What the gateway's SERVER span costs a request while no OpenTelemetry SDK
// is registered (`bulwark serve` always has `@opentelemetry/api`): the
// request tracer around a request that does nothing, against the request
// alone. The whole cost with an SDK registered is the gateway benchmark's
// "OTel SDK registered" path.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { loadOpenTelemetry } from '@bulwark/core/telemetry';
import { median, type Benchmark, type BenchRow } from '../../../bench/src/bench-row.js';
import { startRequestContext } from '../src/node/request-context.js';
import { createRequestTracer } from '../src/node/trace-request.js';

const RUNS = 9;
const REQUESTS_PER_RUN = 1_000_000;

/** Nanoseconds per call of `handle`, median of the runs. */
function nanosecondsPerCall(handle: () => void): number {
  for (let index = 0; index < REQUESTS_PER_RUN; index += 1) handle();
  const perRun: number[] = [];
  for (let run = 0; run < RUNS; run += 1) {
    const started = process.hrtime.bigint();
    for (let index = 0; index < REQUESTS_PER_RUN; index += 1) handle();
    perRun.push(Number(process.hrtime.bigint() - started) / REQUESTS_PER_RUN);
  }
  return median(perRun);
}

export const benchmark: Benchmark = {
  name: `SERVER span without an SDK (${RUNS} runs × ${REQUESTS_PER_RUN} requests, medians)`,
  run(): Promise<BenchRow[]> {
    const api = loadOpenTelemetry();
    const tracer = createRequestTracer(api);
    if (api === undefined || tracer === undefined) throw new Error('@opentelemetry/api is missing');
    if (api.trace.getTracerProvider().getTracer('probe').startSpan('probe').isRecording()) {
      throw new Error('an SDK is registered: this measures the cost without one');
    }
    const request = { headers: {}, method: 'POST', url: '/v1/chat/completions' };
    const response = {};
    const context = startRequestContext(
      request as IncomingMessage,
      response as ServerResponse,
      '/v1/chat/completions',
    );
    let handled = 0;
    const run = () => {
      handled += 1;
    };
    const alone = nanosecondsPerCall(run);
    const traced = nanosecondsPerCall(() =>
      tracer(request as IncomingMessage, response as ServerResponse, context, run),
    );
    // Each measurement runs a warm-up pass and RUNS passes: the tracer must have run every request.
    if (handled !== 2 * (RUNS + 1) * REQUESTS_PER_RUN) throw new Error('a request did not run');
    return Promise.resolve([
      {
        name: 'SERVER span check per request, no SDK registered',
        value: Math.round((traced - alone) * 10) / 10,
        unit: 'ns',
        lowerIsBetter: true,
      },
    ]);
  },
};
