import { getEventListeners } from 'node:events';
import { describe, expect, it } from 'vitest';
import { createStreamEnd } from './create-stream-end.js';

const flush = async (): Promise<void> => {
  for (let index = 0; index < 3; index += 1) await Promise.resolve();
};

/** Whether `promise` has settled by now. */
async function hasSettled(promise: Promise<unknown>): Promise<boolean> {
  let settled = false;
  void promise.then(() => (settled = true));
  await flush();
  return settled;
}

describe('createStreamEnd', () => {
  it('settles when the stream is marked ended, and not before', async () => {
    const streamEnd = createStreamEnd(new AbortController().signal);
    const ended = streamEnd.ended();
    expect(await hasSettled(ended)).toBe(false);
    streamEnd.end();
    streamEnd.end();
    expect(await hasSettled(ended)).toBe(true);
  });

  it('settles when the signal aborts, for a stream nobody reads', async () => {
    const controller = new AbortController();
    const ended = createStreamEnd(controller.signal).ended();
    expect(await hasSettled(ended)).toBe(false);
    controller.abort();
    expect(await hasSettled(ended)).toBe(true);
  });

  it('is already settled on a signal aborted before', async () => {
    const controller = new AbortController();
    controller.abort();
    expect(await hasSettled(createStreamEnd(controller.signal).ended())).toBe(true);
  });

  it('leaves no listener on the signal once ended', async () => {
    const { signal } = new AbortController();
    const streamEnd = createStreamEnd(signal);
    const ended = streamEnd.ended();
    expect(getEventListeners(signal, 'abort')).toHaveLength(1);
    streamEnd.end();
    await ended;
    await flush();
    expect(getEventListeners(signal, 'abort')).toHaveLength(0);
  });
});
