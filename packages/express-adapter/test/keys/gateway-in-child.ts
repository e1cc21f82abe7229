/**
 * A gateway process of its own, for the cross-process tests: opens the key
 * store named by argv (`redis <url> <prefix>` or `sqlite <folder>`), serves
 * the gateway on a free loopback port in front of an in-process mock
 * upstream whose every reply reports argv's prompt and completion tokens,
 * sends its URL, and closes on the message `stop`.
 */
import { loadConfig } from '@bulwark/core';
import { createMockOpenAI } from '@bulwark/testing-mocks';
import { openRedisKeyStore, openSqliteKeyStore, type KeyStore } from '../../src/keys/index.js';
import { createNodeGateway, listenGateway } from '../../src/node/index.js';
import { upstreamUsage } from '../known-usage.js';

const [kind, where = '', prefix = '', prompt = '0', completion = '0'] = process.argv.slice(2);
const store: KeyStore =
  kind === 'redis'
    ? await openRedisKeyStore({ url: where, keyPrefix: prefix })
    : await openSqliteKeyStore({ stateDir: where });
const mock = createMockOpenAI();
mock.onChat().reply({
  content: 'hi',
  usage: upstreamUsage(Number(prompt), undefined, Number(completion)),
});
const config = loadConfig({
  env: {
    OPENAI_API_KEY: 'sk-test.child-upstream',
    BULWARK_MAX_ATTEMPTS: '1',
    BULWARK_MAX_QUEUE: '1000',
    BULWARK_CACHE: 'off',
    BULWARK_LOG_LEVEL: 'silent',
  },
});
const gateway = createNodeGateway(config, {
  fetch: mock.fetch,
  keyStore: store,
  defaultMetrics: false,
});
const server = await listenGateway(gateway, { host: '127.0.0.1', port: 0 });
process.send?.({ url: server.url });
process.once('message', () => {
  void server
    .close()
    .then(() => store.close())
    .then(() => process.disconnect());
});
