import { describe, expect, it, vi } from 'vitest';
import { AbortError } from '../errors/errors.js';
import { createSingleFlight } from './single-flight.js';

function deferred<T>() {
  let resolve!: (value: T) => void;
  let reject!: (error: unknown) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

describe('createSingleFlight', () => {
  it('runs the work once for every caller joining while it is in flight', async () => {
    const flights = createSingleFlight<string>();
    const upstream = deferred<string>();
    const start = vi.fn(() => upstream.promise);
    const tickets = Array.from({ length: 50 }, () => flights.join('k', { start }));
    expect(tickets.map((ticket) => ticket.started)).toEqual([true, ...Array(49).fill(false)]);
    upstream.resolve('answer');
    expect(await Promise.all(tickets.map((ticket) => ticket.result))).toEqual(
      Array(50).fill('answer'),
    );
    expect(start).toHaveBeenCalledTimes(1);
    expect(flights.size).toBe(0);
  });

  it('keeps different keys apart', async () => {
    const flights = createSingleFlight<string>();
    const a = flights.join('a', { start: async () => 'A' });
    const b = flights.join('b', { start: async () => 'B' });
    expect([a.started, b.started]).toEqual([true, true]);
    expect([await a.result, await b.result]).toEqual(['A', 'B']);
  });

  it('lets a waiter abort without cancelling the others', async () => {
    const flights = createSingleFlight<string>();
    const upstream = deferred<string>();
    let workSignal: AbortSignal | undefined;
    const start = (signal: AbortSignal) => {
      workSignal = signal;
      return upstream.promise;
    };
    const caller = new AbortController();
    const first = flights.join('k', { start, signal: caller.signal });
    const second = flights.join('k', { start });
    caller.abort();
    await expect(first.result).rejects.toBeInstanceOf(AbortError);
    expect(workSignal?.aborted).toBe(false);
    upstream.resolve('answer');
    expect(await second.result).toBe('answer');
  });

  it('aborts the work once every waiter has left, and starts afresh afterwards', async () => {
    const flights = createSingleFlight<string>();
    const signals: AbortSignal[] = [];
    const start = (signal: AbortSignal) => {
      signals.push(signal);
      return new Promise<string>((_, reject) =>
        signal.addEventListener('abort', () => reject(signal.reason)),
      );
    };
    const callers = [new AbortController(), new AbortController()];
    const tickets = callers.map((caller) => flights.join('k', { start, signal: caller.signal }));
    callers[0]?.abort();
    await expect(tickets[0]?.result).rejects.toBeInstanceOf(AbortError);
    expect(signals[0]?.aborted).toBe(false);
    callers[1]?.abort();
    await expect(tickets[1]?.result).rejects.toBeInstanceOf(AbortError);
    expect(signals[0]?.aborted).toBe(true);
    expect(flights.size).toBe(0);
    const next = flights.join('k', { start: async () => 'fresh' });
    expect(next.started).toBe(true);
    expect(await next.result).toBe('fresh');
  });

  it('rejects a caller whose signal is already aborted without starting the work', async () => {
    const flights = createSingleFlight<string>();
    const start = vi.fn(async () => 'answer');
    const ticket = flights.join('k', { start, signal: AbortSignal.abort() });
    await expect(ticket.result).rejects.toBeInstanceOf(AbortError);
    await Promise.resolve();
    expect(start).not.toHaveBeenCalled();
  });

  it('gives a failure to every waiter and forgets the flight', async () => {
    const flights = createSingleFlight<string>();
    const upstream = deferred<string>();
    const tickets = [1, 2, 3].map(() => flights.join('k', { start: () => upstream.promise }));
    const failure = new Error('upstream down');
    upstream.reject(failure);
    for (const ticket of tickets) await expect(ticket.result).rejects.toBe(failure);
    expect(flights.size).toBe(0);
    expect(flights.join('k', { start: async () => 'ok' }).started).toBe(true);
  });

  it('stays joinable until the finishing work ends, and aborts it if everyone leaves', async () => {
    const flights = createSingleFlight<string>();
    const tail = deferred<undefined>();
    let workSignal: AbortSignal | undefined;
    const first = flights.join('k', {
      start: async (signal) => {
        workSignal = signal;
        return 'head';
      },
      finish: () => tail.promise,
    });
    expect(await first.result).toBe('head');
    const second = flights.join('k', { start: async () => 'other' });
    expect(second.started).toBe(false);
    expect(await second.result).toBe('head');
    first.leave();
    expect(workSignal?.aborted).toBe(false);
    second.leave();
    second.leave(); // idempotent
    expect(workSignal?.aborted).toBe(true);
    expect(flights.size).toBe(0);
    tail.resolve(undefined);
  });

  it('does not abort finished work when the waiters leave', async () => {
    const flights = createSingleFlight<string>();
    let workSignal: AbortSignal | undefined;
    const ticket = flights.join('k', {
      start: async (signal) => {
        workSignal = signal;
        return 'done';
      },
    });
    await ticket.result;
    ticket.leave();
    expect(workSignal?.aborted).toBe(false);
  });

  it('starts a new flight when asked for a fresh one', async () => {
    const flights = createSingleFlight<string>();
    const old = deferred<string>();
    const first = flights.join('k', { start: () => old.promise });
    const fresh = flights.join('k', { start: async () => 'new', fresh: true });
    const later = flights.join('k', { start: async () => 'unused' });
    expect(fresh.started).toBe(true);
    expect(later.started).toBe(false);
    expect(await later.result).toBe('new');
    old.resolve('old');
    expect(await first.result).toBe('old');
  });
});
