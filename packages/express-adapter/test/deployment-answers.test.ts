import type { CallOptions } from '@bulwark/core';
import { ServerError, StreamTruncatedError } from '@bulwark/core';
import { afterEach, describe, expect, it } from 'vitest';
import {
  chunkSaying,
  completionSaying,
  createStandInClient,
  infoFrom,
  type StandInClient,
} from './stand-in-client.js';
import { startTestGateway, type TestGateway } from './start-test-gateway.js';

let gateway: TestGateway | undefined;
afterEach(async () => {
  await gateway?.server.close();
  gateway = undefined;
});

const request = { model: 'gpt-4o', messages: [{ role: 'user', content: 'Hello' }] };

async function start(): Promise<StandInClient> {
  const stand = createStandInClient();
  gateway = await startTestGateway({ client: stand.client });
  return stand;
}

function post(payload: object) {
  return fetch(`${gateway?.url}/v1/chat/completions`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(payload),
  });
}

describe('answers with routes and deployments', () => {
  it('names the deployment that answered a completion, in a header and the log line', async () => {
    const stand = await start();
    stand.call = (_params, options: CallOptions) => {
      options.onCallInfo?.(infoFrom('openai-backup', 2));
      return completionSaying('hi');
    };
    const response = await post(request);
    expect(response.status).toBe(200);
    expect(response.headers.get('x-bulwark-deployment')).toBe('openai-backup');
    expect(response.headers.get('x-bulwark-attempts')).toBe('2');
    await response.text();
    await gateway?.server.close();
    expect(gateway?.logs.find((line) => line['msg'] === 'request')).toMatchObject({
      status: 200,
      deployment: 'openai-backup',
    });
  });

  it('sends no deployment header without routes', async () => {
    await start();
    const response = await post(request);
    expect(response.status).toBe(200);
    expect(response.headers.get('x-bulwark-attempts')).toBe('1');
    expect(response.headers.has('x-bulwark-deployment')).toBe(false);
  });

  it('names the deployment of a stream, which ends in one error frame after a content chunk fails', async () => {
    const stand = await start();
    stand.call = (_params, options: CallOptions) => {
      options.onCallInfo?.(infoFrom('azure-east'));
      return (async function* () {
        yield chunkSaying('Hel');
        throw new StreamTruncatedError({ message: 'The upstream went away' });
      })();
    };
    const response = await post({ ...request, stream: true });
    expect(response.status).toBe(200);
    expect(response.headers.get('x-bulwark-deployment')).toBe('azure-east');
    const frames = (await response.text()).split('\n\n').filter((frame) => frame !== '');
    expect(frames).toHaveLength(2);
    expect(JSON.parse(frames[0]?.slice(6) ?? '')).toEqual(chunkSaying('Hel'));
    expect(frames[1]?.startsWith('data: ')).toBe(true);
    expect(JSON.parse(frames[1]?.slice(6) ?? '')).toEqual({
      error: {
        message: 'The upstream went away',
        type: 'server_error',
        param: null,
        code: 'stream_truncated',
      },
    });
  });

  it('puts the facts core reported before failing on the error answer', async () => {
    const stand = await start();
    stand.call = (_params, options: CallOptions) => {
      options.onCallInfo?.(infoFrom('openai-backup', 3));
      throw new ServerError({ message: 'Every deployment failed', status: 502 });
    };
    const response = await post(request);
    expect(response.status).toBeGreaterThanOrEqual(500);
    expect(response.headers.get('x-bulwark-attempts')).toBe('3');
    expect(response.headers.get('x-bulwark-deployment')).toBe('openai-backup');
    expect(((await response.json()) as { error: { code: string } }).error.code).toBe(
      'server_error',
    );
  });
});
