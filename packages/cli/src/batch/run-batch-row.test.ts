import { BadRequestError, CircuitOpenError, ServerError } from '@bulwark/core';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBreaker } from '../../test/support/fake-breaker.js';
import { createCircuitGate } from './create-circuit-gate.js';
import { runBatchRow } from './run-batch-row.js';

beforeEach(() => vi.useFakeTimers({ now: 0 }));
afterEach(() => vi.useRealTimers());

function setUp(maxWaitMs = 60_000) {
  const breaker = fakeBreaker();
  const gate = createCircuitGate({ signals: breaker.signals, maxWaitMs, fallbackWaitMs: 30_000 });
  const controller = new AbortController();
  /** Runs a row whose calls answer in turn with `answers` (an error is thrown). */
  const run = (answers: Array<object | Error | (() => object)>) => {
    const call = vi.fn(async () => {
      const answer = answers.shift();
      if (answer instanceof Error) throw answer;
      return typeof answer === 'function' ? answer() : (answer ?? { id: 'chatcmpl-x' });
    });
    const done = runBatchRow({ call, gate, maxWaitMs, signal: controller.signal });
    const seen: { outcome?: unknown; settled: boolean } = { settled: false };
    void done.then((outcome) => Object.assign(seen, { outcome, settled: true }));
    return { call, seen };
  };
  return { breaker, gate, controller, run };
}

const open = () => new CircuitOpenError({ message: 'open', retryAfterMs: 1000 });

describe('runBatchRow', () => {
  it('waits at an open circuit and runs the row again when it may probe', async () => {
    const { breaker, run } = setUp();
    breaker.open(1000);
    const { call, seen } = run([open(), { id: 'chatcmpl-1' }]);
    await vi.advanceTimersByTimeAsync(999);
    expect(call).toHaveBeenCalledTimes(1);
    await vi.advanceTimersByTimeAsync(1);
    expect(call).toHaveBeenCalledTimes(2);
    expect(seen.outcome).toEqual({ completion: { id: 'chatcmpl-1' } });
  });

  it('waits when its own call failed and opened the circuit meanwhile', async () => {
    const { breaker, run } = setUp();
    const failing = new ServerError({ message: '500', status: 500 });
    const { call, seen } = run([
      () => {
        breaker.open(2000);
        throw failing;
      },
      { id: 'chatcmpl-2' },
    ]);
    await vi.advanceTimersByTimeAsync(2000);
    expect(call).toHaveBeenCalledTimes(2);
    expect(seen.outcome).toEqual({ completion: { id: 'chatcmpl-2' } });
  });

  it('fails at once with an error that is not the circuit, or a 5xx that opened nothing', async () => {
    const { run } = setUp();
    const refused = new BadRequestError({ message: 'bad', status: 400, code: 'bad_row' });
    const first = run([refused]);
    const fault = new ServerError({ message: '500', status: 500 });
    const second = run([fault]);
    await vi.advanceTimersByTimeAsync(0);
    expect(first.seen.outcome).toEqual({ error: refused });
    expect(second.seen.outcome).toEqual({ error: fault });
  });

  it('ends with circuit_open once the outage outlasts --max-wait', async () => {
    const { breaker, run } = setUp(5000);
    const failing = new ServerError({ message: '500', status: 500 });
    const { call, seen } = run([
      () => {
        breaker.open(30_000);
        throw failing;
      },
    ]);
    await vi.advanceTimersByTimeAsync(4999);
    expect(seen.settled).toBe(false);
    await vi.advanceTimersByTimeAsync(1);
    expect(call).toHaveBeenCalledTimes(1);
    const { error } = seen.outcome as { error: CircuitOpenError };
    expect(CircuitOpenError.isInstance(error)).toBe(true);
    expect(error.message).toContain('--max-wait (5.0s)');
    expect(error.cause).toBe(failing);
  });

  it("waits out a gateway's 503 circuit_open, and keeps that answer if it outlasts --max-wait", async () => {
    const { run } = setUp(3000);
    const gateway = () =>
      new ServerError({
        message: 'open',
        status: 503,
        retryable: false,
        retryAfterMs: 1000,
        upstreamCode: 'circuit_open',
      });
    const recovered = run([gateway(), { id: 'chatcmpl-3' }]);
    await vi.advanceTimersByTimeAsync(1000);
    expect(recovered.seen.outcome).toEqual({ completion: { id: 'chatcmpl-3' } });
    const last = gateway();
    const stuck = run([gateway(), gateway(), last]);
    await vi.advanceTimersByTimeAsync(3000);
    expect(stuck.call).toHaveBeenCalledTimes(3);
    expect(stuck.seen.outcome).toEqual({ error: last });
  });

  it('leaves an interrupted row undone, waiting or not', async () => {
    const { breaker, controller, run } = setUp();
    breaker.open(10_000);
    const waiting = run([open()]);
    await vi.advanceTimersByTimeAsync(0);
    controller.abort();
    await vi.advanceTimersByTimeAsync(0);
    expect(waiting.seen).toEqual({ outcome: undefined, settled: true });
    const failed = run([new Error('aborted mid-call')]);
    await vi.advanceTimersByTimeAsync(0);
    expect(failed.seen).toEqual({ outcome: undefined, settled: true });
  });
});
