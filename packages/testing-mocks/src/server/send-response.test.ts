import { EventEmitter } from 'node:events';
import type { ServerResponse } from 'node:http';
import { describe, expect, it } from 'vitest';
import { sendResponse } from './send-response.js';

/** A node:http response whose socket is full until `drain` is emitted. */
class FullSocketResponse extends EventEmitter {
  written: string[] = [];
  status = 0;
  ended = false;
  destroyed = false;
  writeHead(status: number): this {
    this.status = status;
    return this;
  }
  flushHeaders(): void {}
  write(chunk: Uint8Array): boolean {
    this.written.push(new TextDecoder().decode(chunk));
    return false;
  }
  end(): void {
    this.ended = true;
  }
  destroy(): void {
    this.destroyed = true;
    this.emit('close');
  }
}

function countingBody(): { body: ReadableStream<Uint8Array>; pulls: () => number } {
  let pulls = 0;
  const body = new ReadableStream<Uint8Array>(
    {
      pull(controller) {
        pulls += 1;
        if (pulls > 3) controller.close();
        else controller.enqueue(new TextEncoder().encode(`part${pulls}`));
      },
    },
    { highWaterMark: 0 },
  );
  return { body, pulls: () => pulls };
}

const tick = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

describe('sendResponse', () => {
  it('reads the next part only after the socket drains (backpressure)', async () => {
    const target = new FullSocketResponse();
    const { body, pulls } = countingBody();
    const done = sendResponse(
      new Response(body, { status: 200 }),
      target as unknown as ServerResponse,
    );
    await tick();
    expect(target.written).toEqual(['part1']);
    expect(pulls()).toBe(1);
    target.emit('drain');
    await tick();
    expect(target.written).toEqual(['part1', 'part2']);
    target.emit('drain');
    await tick();
    target.emit('drain');
    await done;
    expect(target.written).toEqual(['part1', 'part2', 'part3']);
    expect(target.ended).toBe(true);
  });

  it('stops reading and cancels the body when the client goes away', async () => {
    const target = new FullSocketResponse();
    const { body, pulls } = countingBody();
    const done = sendResponse(
      new Response(body, { status: 200 }),
      target as unknown as ServerResponse,
    );
    await tick();
    target.destroy();
    await done;
    expect(pulls()).toBe(1);
    expect(target.ended).toBe(false);
  });
});
