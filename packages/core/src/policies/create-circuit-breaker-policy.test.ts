import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import {
  AbortError,
  BadRequestError,
  CircuitOpenError,
  QuotaExceededError,
  RateLimitError,
  ServerError,
  TimeoutError,
} from '../errors/errors.js';
import {
  createCircuitBreakerPolicy,
  type CircuitOpenEvent,
} from './create-circuit-breaker-policy.js';

const never = new AbortController().signal;
const settle = <T>(promise: Promise<T>): Promise<unknown> =>
  promise.catch((error: unknown) => error);
const fail = (error: Error) => () => Promise.reject(error);
const succeed = () => Promise.resolve('ok');
const serverError = (): ServerError => new ServerError({ message: 'upstream failed', status: 500 });

describe('createCircuitBreakerPolicy', () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  const create = () => createCircuitBreakerPolicy({ threshold: 3, halfOpenAfterMs: 30_000 });

  async function trip(breaker: ReturnType<typeof create>): Promise<void> {
    for (let index = 0; index < 3; index += 1)
      await settle(breaker.execute(fail(serverError()), never));
  }

  it('opens after threshold consecutive unhealthy failures and reports the one that opened it', async () => {
    const breaker = create();
    const opened: CircuitOpenEvent[] = [];
    breaker.onOpen((event) => opened.push(event));
    await settle(breaker.execute(fail(serverError()), never));
    await settle(breaker.execute(fail(new TimeoutError({ message: 'slow' })), never));
    expect(breaker.state()).toBe('closed');
    const third = new RateLimitError({ message: '429', status: 429 });
    expect(await settle(breaker.execute(fail(third), never))).toBe(third);
    expect(breaker.state()).toBe('open');
    expect(breaker.isClosed()).toBe(false);
    expect(opened).toEqual([{ error: third, retryAfterMs: 30_000 }]);
  });

  it('while open fails at once with CircuitOpenError, retry-after = time until half-open, without calling the work', async () => {
    const breaker = create();
    await trip(breaker);
    vi.advanceTimersByTime(10_000);
    const work = vi.fn(succeed);
    const error = await settle(breaker.execute(work, never));
    expect(error).toBeInstanceOf(CircuitOpenError);
    expect((error as CircuitOpenError).retryAfterMs).toBe(20_000);
    expect((error as CircuitOpenError).code).toBe('circuit_open');
    expect(work).not.toHaveBeenCalled();
    vi.advanceTimersByTime(19_999);
    expect(((await settle(breaker.execute(work, never))) as CircuitOpenError).retryAfterMs).toBe(1);
    expect(work).not.toHaveBeenCalled();
  });

  it('does not count failures that say nothing about the upstream, nor reset on them', async () => {
    const breaker = create();
    for (let index = 0; index < 10; index += 1) {
      await settle(
        breaker.execute(fail(new BadRequestError({ message: 'bad', status: 400 })), never),
      );
      await settle(
        breaker.execute(fail(new QuotaExceededError({ message: 'quota', status: 429 })), never),
      );
      await settle(
        breaker.execute(fail(new RateLimitError({ message: 'local', local: true })), never),
      );
    }
    expect(breaker.state()).toBe('closed');
    await settle(breaker.execute(fail(serverError()), never));
    await settle(breaker.execute(fail(serverError()), never));
    await settle(
      breaker.execute(fail(new BadRequestError({ message: 'bad', status: 400 })), never),
    );
    await settle(breaker.execute(fail(serverError()), never));
    expect(breaker.state()).toBe('open');
  });

  it('a success resets the count', async () => {
    const breaker = create();
    await settle(breaker.execute(fail(serverError()), never));
    await settle(breaker.execute(fail(serverError()), never));
    await breaker.execute(succeed, never);
    await settle(breaker.execute(fail(serverError()), never));
    await settle(breaker.execute(fail(serverError()), never));
    expect(breaker.state()).toBe('closed');
  });

  it('runs open → half-open → closed: one probe, concurrent calls fail fast, success closes', async () => {
    const breaker = create();
    const events: string[] = [];
    breaker.onOpen(() => events.push('open'));
    breaker.onHalfOpen(() => events.push('half-open'));
    breaker.onClose(() => events.push('close'));
    await trip(breaker);
    vi.advanceTimersByTime(29_999);
    expect(breaker.state()).toBe('open');
    vi.advanceTimersByTime(1);
    expect(breaker.state()).toBe('half-open');

    let finishProbe: (value: string) => void = () => undefined;
    const probeWork = vi.fn(() => new Promise<string>((resolve) => (finishProbe = resolve)));
    const probe = breaker.execute(probeWork, never);
    expect(events).toEqual(['open', 'half-open']);
    const concurrentWork = vi.fn(succeed);
    const concurrent = await settle(breaker.execute(concurrentWork, never));
    expect(concurrent).toBeInstanceOf(CircuitOpenError);
    expect((concurrent as CircuitOpenError).retryAfterMs).toBeUndefined();
    expect(concurrentWork).not.toHaveBeenCalled();
    expect(breaker.state()).toBe('half-open');

    finishProbe('probe ok');
    expect(await probe).toBe('probe ok');
    expect(probeWork).toHaveBeenCalledTimes(1);
    expect(events).toEqual(['open', 'half-open', 'close']);
    expect(breaker.state()).toBe('closed');
    expect(await breaker.execute(concurrentWork, never)).toBe('ok');
  });

  it('a failed probe re-opens the circuit for another halfOpenAfterMs', async () => {
    const breaker = create();
    const opened = vi.fn();
    breaker.onOpen(opened);
    await trip(breaker);
    vi.advanceTimersByTime(30_000);
    await settle(breaker.execute(fail(serverError()), never));
    expect(opened).toHaveBeenCalledTimes(2);
    expect(breaker.state()).toBe('open');
    const error = await settle(breaker.execute(succeed, never));
    expect((error as CircuitOpenError).retryAfterMs).toBe(30_000);
  });

  it('a probe the caller aborted re-opens the circuit; a probe refused with a 400 closes it', async () => {
    const aborted = create();
    await trip(aborted);
    vi.advanceTimersByTime(30_000);
    await settle(aborted.execute(fail(new AbortError({ message: 'caller left' })), never));
    expect(aborted.state()).toBe('open');

    const refused = create();
    await trip(refused);
    vi.advanceTimersByTime(30_000);
    await settle(
      refused.execute(fail(new BadRequestError({ message: 'bad', status: 400 })), never),
    );
    expect(refused.state()).toBe('closed');
  });

  it('an abort while closed neither counts nor resets', async () => {
    const breaker = create();
    await settle(breaker.execute(fail(serverError()), never));
    await settle(breaker.execute(fail(serverError()), never));
    await settle(breaker.execute(fail(new AbortError({ message: 'caller left' })), never));
    expect(breaker.state()).toBe('closed');
    await settle(breaker.execute(fail(serverError()), never));
    expect(breaker.state()).toBe('open');
  });

  it('passes the signal to the work and stops notifying after dispose', async () => {
    const breaker = create();
    const controller = new AbortController();
    const work = vi.fn((signal: AbortSignal) => Promise.resolve(signal === controller.signal));
    expect(await breaker.execute(work, controller.signal)).toBe(true);
    const opened = vi.fn();
    breaker.onOpen(opened);
    breaker.dispose();
    await trip(breaker);
    expect(breaker.state()).toBe('open');
    expect(opened).not.toHaveBeenCalled();
  });
});
