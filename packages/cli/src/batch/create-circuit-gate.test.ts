import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBreaker } from '../../test/support/fake-breaker.js';
import { createCircuitGate, type GateOutcome } from './create-circuit-gate.js';

/** Starts a wait and records its outcome once it settles. */
function track(promise: Promise<GateOutcome>) {
  const seen: { outcome?: GateOutcome } = {};
  void promise.then((outcome) => (seen.outcome = outcome));
  return seen;
}

beforeEach(() => vi.useFakeTimers({ now: 0 }));
afterEach(() => vi.useRealTimers());

describe('createCircuitGate', () => {
  it('lets one row out as the probe when the circuit may half-open, and all once it closes', async () => {
    const breaker = fakeBreaker();
    const gate = createCircuitGate({
      signals: breaker.signals,
      maxWaitMs: 60_000,
      fallbackWaitMs: 30_000,
    });
    breaker.open(1000);
    const rows = [track(gate.wait()), track(gate.wait()), track(gate.wait())];
    expect(gate.waiting()).toBe(3);
    await vi.advanceTimersByTimeAsync(999);
    expect(rows.map((row) => row.outcome)).toEqual([undefined, undefined, undefined]);
    await vi.advanceTimersByTimeAsync(1);
    expect(rows.map((row) => row.outcome)).toEqual(['retry', undefined, undefined]);
    // The probe runs: nothing else goes, however long it takes.
    breaker.halfOpen();
    await vi.advanceTimersByTimeAsync(10_000);
    expect(gate.waiting()).toBe(2);
    // It failed: the circuit opens again and the probe row parks again.
    breaker.open(1000);
    rows[0] = track(gate.wait());
    await vi.advanceTimersByTimeAsync(1000);
    expect(rows.map((row) => row.outcome)).toEqual([undefined, 'retry', undefined]);
    breaker.halfOpen();
    breaker.close();
    await vi.advanceTimersByTimeAsync(0);
    expect(rows.map((row) => row.outcome)).toEqual(['retry', 'retry', 'retry']);
    expect(gate.opens()).toBe(2);
    gate.dispose();
  });

  it('gives up with expired once the outage outlasts maxWaitMs, then starts afresh after a close', async () => {
    const breaker = fakeBreaker();
    const gate = createCircuitGate({
      signals: breaker.signals,
      maxWaitMs: 5000,
      fallbackWaitMs: 30_000,
    });
    breaker.open(30_000);
    await vi.advanceTimersByTimeAsync(2000);
    const late = track(gate.wait());
    await vi.advanceTimersByTimeAsync(2999);
    expect(late.outcome).toBeUndefined();
    await vi.advanceTimersByTimeAsync(1);
    expect(late.outcome).toBe('expired');
    expect(await gate.wait()).toBe('expired');
    breaker.close();
    breaker.open(100);
    const fresh = track(gate.wait());
    await vi.advanceTimersByTimeAsync(100);
    expect(fresh.outcome).toBe('retry');
    gate.dispose();
  });

  it("waits a gateway's retry-after while this client's circuit is closed", async () => {
    const breaker = fakeBreaker();
    const gate = createCircuitGate({
      signals: breaker.signals,
      maxWaitMs: 10_000,
      fallbackWaitMs: 30_000,
    });
    const told = track(gate.wait({ retryAfterMs: 2000 }));
    await vi.advanceTimersByTimeAsync(1999);
    expect(told.outcome).toBeUndefined();
    await vi.advanceTimersByTimeAsync(1);
    expect(told.outcome).toBe('retry');
    // Unsure how long: the fallback, cut short by the bound of the outage that began 2 s ago.
    const unsure = track(gate.wait());
    await vi.advanceTimersByTimeAsync(8000);
    expect(unsure.outcome).toBe('expired');
    // A success with the circuit closed ends the outage.
    gate.rowEnded();
    const next = track(gate.wait({ retryAfterMs: 500 }));
    await vi.advanceTimersByTimeAsync(500);
    expect(next.outcome).toBe('retry');
    gate.dispose();
  });

  it('keeps rows parked when an old call succeeds while the circuit is open', async () => {
    const breaker = fakeBreaker();
    const gate = createCircuitGate({
      signals: breaker.signals,
      maxWaitMs: 60_000,
      fallbackWaitMs: 30_000,
    });
    breaker.open(5000);
    const row = track(gate.wait());
    gate.rowEnded();
    await vi.advanceTimersByTimeAsync(4999);
    expect(row.outcome).toBeUndefined();
    await vi.advanceTimersByTimeAsync(1);
    expect(row.outcome).toBe('retry');
    gate.dispose();
  });

  it('lets the next row out when the probe row ended without reaching the breaker', async () => {
    const breaker = fakeBreaker();
    const gate = createCircuitGate({
      signals: breaker.signals,
      maxWaitMs: 60_000,
      fallbackWaitMs: 30_000,
    });
    breaker.open(1000);
    const rows = [track(gate.wait()), track(gate.wait())];
    await vi.advanceTimersByTimeAsync(1000);
    expect(rows.map((row) => row.outcome)).toEqual(['retry', undefined]);
    // The first row's answer came from the cache: no probe started, the circuit reads half-open.
    gate.rowEnded();
    await vi.advanceTimersByTimeAsync(10);
    expect(rows.map((row) => row.outcome)).toEqual(['retry', 'retry']);
    gate.dispose();
  });

  it('answers aborted to an interrupted wait, and to every wait on dispose', async () => {
    const breaker = fakeBreaker();
    const gate = createCircuitGate({
      signals: breaker.signals,
      maxWaitMs: 60_000,
      fallbackWaitMs: 30_000,
    });
    breaker.open(5000);
    const controller = new AbortController();
    const interrupted = track(gate.wait({ signal: controller.signal }));
    const other = track(gate.wait());
    controller.abort();
    await vi.advanceTimersByTimeAsync(0);
    expect(interrupted.outcome).toBe('aborted');
    expect(await gate.wait({ signal: controller.signal })).toBe('aborted');
    gate.dispose();
    await vi.advanceTimersByTimeAsync(0);
    expect(other.outcome).toBe('aborted');
    expect(breaker.listeners.open.size + breaker.listeners.close.size).toBe(0);
    expect(vi.getTimerCount()).toBe(0);
  });
});
