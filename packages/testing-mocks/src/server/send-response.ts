import type { ServerResponse } from 'node:http';

function waitForDrain(response: ServerResponse): Promise<void> {
  return new Promise((resolve) => {
    const done = (): void => {
      response.off('drain', done);
      response.off('close', done);
      resolve();
    };
    response.on('drain', done);
    response.on('close', done);
  });
}

/**
 * Writes a standard `Response` to a node:http response, streaming the body
 * with backpressure: it waits for `drain` when the socket is full, and stops
 * reading (cancelling the body) when the client goes away.
 * @internal
 */
export async function sendResponse(response: Response, target: ServerResponse): Promise<void> {
  const headers: Record<string, string> = {};
  response.headers.forEach((value, name) => {
    headers[name] = value;
  });
  target.writeHead(response.status, headers);
  if (response.body === null) {
    target.end();
    return;
  }
  target.flushHeaders();
  const reader = response.body.getReader();
  try {
    for (;;) {
      if (target.destroyed) {
        await reader.cancel();
        return;
      }
      const { done, value } = await reader.read();
      if (done) break;
      if (!target.write(value)) await waitForDrain(target);
    }
    target.end();
  } catch {
    // The body errored (the client aborted): nothing more can be sent.
    target.destroy();
  } finally {
    reader.releaseLock();
  }
}
