// How the gateway benchmark loads a path: autocannon for throughput and
// latency, sequential streams for the time to the first and last chunk, and
// a check that the cache flatters no path. See gateway.bench.ts.
import { request as httpRequest, Agent } from 'node:http';
import autocannon from 'autocannon';
import { median } from '../../../bench/src/bench-row.js';

/** Seconds of each autocannon load. */
export const DURATION_SECONDS = 5;
const STREAMS_PER_RUN = 100;
// Not deterministic (no temperature 0): the default cache bypasses it, so every
// request reaches the upstream on every path.
export const BODY = JSON.stringify({
  model: 'gpt-4-1106-preview',
  messages: [{ role: 'user', content: 'Hello, benchmark' }],
  max_tokens: 64,
});
const STREAM_BODY = JSON.stringify({ ...(JSON.parse(BODY) as object), stream: true });

/** What one load of a path measured. */
export interface LoadResult {
  requestsPerSecond: number;
  p50: number;
  p99: number;
  failed: number;
}

/** Runs autocannon; latencies are taken from each response (autocannon's histogram rounds to 1 ms). */
export async function load(baseURL: string, connections: number): Promise<LoadResult> {
  const latencies: number[] = [];
  const result = await new Promise<autocannon.Result>((resolve, reject) => {
    const instance = autocannon(
      {
        url: `${baseURL}/chat/completions`,
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: BODY,
        connections,
        duration: DURATION_SECONDS,
      },
      (error: unknown, finished: autocannon.Result) =>
        error == null ? resolve(finished) : reject(error as Error),
    );
    instance.on('response', (_client, statusCode, _bytes, responseTime) => {
      if (statusCode === 200) latencies.push(responseTime);
    });
  });
  latencies.sort((a, b) => a - b);
  const at = (quantile: number) =>
    latencies[Math.min(latencies.length - 1, Math.floor(quantile * latencies.length))] ??
    Number.NaN;
  return {
    requestsPerSecond: result.requests.total / DURATION_SECONDS,
    p50: at(0.5),
    p99: at(0.99),
    failed: result.errors + result.non2xx,
  };
}

/** When a stream's chunks arrived. */
export interface StreamTiming {
  /** Milliseconds from sending the request to the first body bytes. */
  firstChunk: number;
  /** Milliseconds from sending the request to the end of the stream. */
  lastChunk: number;
}

/** One streamed completion over a keep-alive connection, timed. */
function timeStream(baseURL: string, agent: Agent): Promise<StreamTiming> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    let firstChunk: number | undefined;
    const outgoing = httpRequest(
      `${baseURL}/chat/completions`,
      { method: 'POST', agent, headers: { 'content-type': 'application/json' } },
      (response) => {
        if (response.statusCode !== 200) reject(new Error(`status ${response.statusCode}`));
        response.on('data', () => (firstChunk ??= performance.now() - started));
        response.on('end', () =>
          resolve({ firstChunk: firstChunk ?? Number.NaN, lastChunk: performance.now() - started }),
        );
      },
    );
    outgoing.on('error', reject);
    outgoing.end(STREAM_BODY);
  });
}

/** Median time to the first and to the last chunk of sequential streams. */
export async function streams(baseURL: string): Promise<StreamTiming> {
  const agent = new Agent({ keepAlive: true, maxSockets: 1 });
  const timings: StreamTiming[] = [];
  try {
    for (let index = 0; index < STREAMS_PER_RUN; index += 1) {
      timings.push(await timeStream(baseURL, agent));
    }
  } finally {
    agent.destroy();
  }
  return {
    firstChunk: median(timings.map((timing) => timing.firstChunk)),
    lastChunk: median(timings.map((timing) => timing.lastChunk)),
  };
}

/** Refuses to measure a gateway the cache would flatter. */
export async function checkEveryRequestReachesTheUpstream(baseURL: string): Promise<void> {
  for (let index = 0; index < 2; index += 1) {
    const response = await fetch(`${baseURL}/chat/completions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: BODY,
    });
    await response.arrayBuffer();
    const cache = response.headers.get('x-bulwark-cache');
    if (response.status !== 200 || cache === 'hit') {
      throw new Error(`the gateway answered ${response.status} (cache: ${cache ?? 'none'})`);
    }
  }
}
