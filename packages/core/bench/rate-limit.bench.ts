// Client-side rate limiting against an upstream that enforces its limits
// (docs/performance.md: sustain ≥ 95 % of the RPM limit). The mock server runs in this
// process with OpenAI-style enforcement (per minute and per second, real 429s);
// many concurrent callers go through one client for a fixed time, on real
// timers and real HTTP on loopback.
import { setMaxListeners } from 'node:events';
import { createClient } from '@bulwark/core';
import { startMockServer } from '@bulwark/testing-mocks';
import type { Benchmark, BenchRow } from '../../../bench/src/bench-row.js';

const RPM = 1200;
const TPM = 2_000_000;
const CALLERS = 100;
const DURATION_MS = 12_000;
// Connections to the upstream are opened during the first second.
const WARM_UP_MS = 1000;

async function run(): Promise<BenchRow[]> {
  const server = await startMockServer({ rateLimit: { rpm: RPM, tpm: TPM } });
  const upstream429At: number[] = [];
  let started = 0;
  const countingFetch: typeof fetch = async (input, init) => {
    const response = await fetch(input, init);
    if (response.status === 429) upstream429At.push(performance.now() - started);
    return response;
  };
  const client = createClient({
    apiKey: 'sk-bench-rate-limit',
    baseURL: server.url,
    fetch: countingFetch,
    cache: { store: 'off' },
    bulkhead: { maxConcurrent: CALLERS, maxQueue: CALLERS },
    rateLimit: { rpm: RPM, tpm: TPM, maxWaitMs: 60_000 },
  });
  const stop = new AbortController();
  // Every caller's call listens to this one signal.
  setMaxListeners(CALLERS * 4, stop.signal);
  started = performance.now();
  let completed = 0;
  let failed = 0;
  let sequence = 0;
  const caller = async (): Promise<void> => {
    while (!stop.signal.aborted) {
      sequence += 1;
      try {
        await client.chat.completions.create(
          {
            model: 'gpt-4',
            messages: [{ role: 'user', content: `rate-limit bench call ${sequence}` }],
            max_tokens: 8,
          },
          { signal: stop.signal },
        );
        if (performance.now() - started <= DURATION_MS) completed += 1;
      } catch {
        if (!stop.signal.aborted) failed += 1;
      }
    }
  };
  const callers = Array.from({ length: CALLERS }, () => caller());
  await new Promise((resolve) => setTimeout(resolve, DURATION_MS));
  stop.abort();
  await Promise.all(callers);
  await client.close();
  await server.close();
  const achievedRpm = (completed * 60_000) / DURATION_MS;
  return [
    { name: `rate limit: achieved RPM (limit ${RPM})`, value: achievedRpm, unit: 'req/min' },
    {
      name: 'rate limit: achieved / limit',
      value: achievedRpm / RPM,
      unit: 'ratio',
      target: 0.95,
    },
    {
      name: 'rate limit: upstream 429s',
      value: upstream429At.length,
      unit: 'count',
      lowerIsBetter: true,
    },
    {
      name: `rate limit: upstream 429s after the first ${WARM_UP_MS} ms`,
      value: upstream429At.filter((at) => at > WARM_UP_MS).length,
      unit: 'count',
      lowerIsBetter: true,
    },
    { name: 'rate limit: failed calls', value: failed, unit: 'count', lowerIsBetter: true },
  ];
}

export const benchmark: Benchmark = { name: 'rate limit (1,200 RPM enforced upstream)', run };
