import { describe, expect, it } from 'vitest';
import { matchRoute } from './match-route.js';

describe('matchRoute', () => {
  it('finds each route by method and path, ignoring the query string', () => {
    expect(matchRoute('POST', '/v1/chat/completions', true)).toMatchObject({
      name: 'chat',
      pattern: '/v1/chat/completions',
      underV1: true,
    });
    expect(matchRoute('POST', '/v1/embeddings', true)).toMatchObject({
      name: 'embeddings',
      pattern: '/v1/embeddings',
      underV1: true,
    });
    expect(matchRoute('GET', '/v1/embeddings', true).name).toBeUndefined();
    expect(matchRoute('GET', '/v1/models?limit=2', true)).toMatchObject({
      name: 'models',
      path: '/v1/models',
    });
    expect(matchRoute('GET', '/healthz', true)).toMatchObject({ name: 'health', underV1: false });
    expect(matchRoute('GET', '/readyz', true).name).toBe('ready');
    expect(matchRoute('GET', '/metrics', true).name).toBe('metrics');
  });

  it('matches GET /v1/models/{id} by prefix, ids with `:` and `/` included', () => {
    for (const path of ['/v1/models/gpt-4o', '/v1/models/ft:gpt-4o:acme::x1', '/V1/Models/a/b/']) {
      expect(matchRoute('GET', `${path}?x=1`, true)).toMatchObject({
        name: 'model',
        pattern: '/v1/models/{id}',
        underV1: true,
        path,
      });
    }
    expect(matchRoute('HEAD', '/v1/models/gpt-4o', true).name).toBe('model');
    expect(matchRoute('DELETE', '/v1/models/gpt-4o', true)).toMatchObject({
      name: undefined,
      pattern: 'unmatched',
    });
    expect(matchRoute('GET', '/v1/models/', true).name).toBe('models');
  });

  it('matches as Express did: any case, one trailing slash, HEAD for GET', () => {
    expect(matchRoute('POST', '/V1/Chat/Completions/', true)).toMatchObject({
      name: 'chat',
      pattern: '/v1/chat/completions',
      path: '/V1/Chat/Completions/',
    });
    expect(matchRoute('HEAD', '/healthz', true).name).toBe('health');
  });

  it('leaves other methods, unknown paths and a metrics route without metrics unmatched', () => {
    expect(matchRoute('GET', '/v1/chat/completions', true)).toMatchObject({
      name: undefined,
      pattern: 'unmatched',
      underV1: true,
    });
    expect(matchRoute('DELETE', '/v1/models', true).name).toBeUndefined();
    expect(matchRoute('GET', '/v1', true)).toMatchObject({ name: undefined, underV1: true });
    expect(matchRoute('GET', '/v10/models', true)).toMatchObject({ underV1: false });
    expect(matchRoute('GET', '/metrics', false)).toMatchObject({ pattern: 'unmatched' });
    expect(matchRoute('GET', undefined, true)).toMatchObject({ path: '/', pattern: 'unmatched' });
  });

  it('serves the status page and its data only with the status page on, outside /v1', () => {
    expect(matchRoute('GET', '/', true, true)).toMatchObject({
      name: 'status-page',
      pattern: '/',
      underV1: false,
    });
    expect(matchRoute('HEAD', '/?refresh=1', true, true).name).toBe('status-page');
    expect(matchRoute('GET', '/Bulwark/Status/', true, true)).toMatchObject({
      name: 'status-data',
      pattern: '/bulwark/status',
      underV1: false,
    });
    expect(matchRoute('GET', '/', true, false)).toMatchObject({ pattern: 'unmatched' });
    expect(matchRoute('GET', '/bulwark/status', true)).toMatchObject({ pattern: 'unmatched' });
    expect(matchRoute('POST', '/', true, true).name).toBeUndefined();
  });
});
