import { describe, expect, it } from 'vitest';
import { startTestGateway } from '../start-test-gateway.js';
import { describeGatewayKeyAccess } from './gateway-key-access-contract.js';
import { describeGatewayKeyBudgets } from './gateway-key-budgets-contract.js';
import { describeGatewayKeyEmbeddings } from './gateway-key-embeddings-contract.js';
import { sqliteBacking } from './key-gateway-support.js';

describeGatewayKeyBudgets('SQLite', sqliteBacking);
describeGatewayKeyAccess('SQLite', sqliteBacking);
describeGatewayKeyEmbeddings('SQLite', sqliteBacking);

describe('the status page beside a key store', () => {
  it('is not served with store keys alone, and stays behind BULWARK_API_KEYS', async () => {
    const backing = sqliteBacking();
    const store = await backing.open();
    const { key } = await store.create('tenant');
    const alone = await startTestGateway({ keyStore: store });
    const operated = await startTestGateway({
      keyStore: store,
      env: { BULWARK_API_KEYS: 'sk-test.operator-key' },
    });
    try {
      const bearer = { authorization: `Bearer ${key}` };
      expect((await fetch(`${alone.url}/`, { headers: bearer })).status).toBe(404);
      expect((await fetch(`${operated.url}/`, { headers: bearer })).status).toBe(401);
      const page = await fetch(`${operated.url}/`, {
        headers: { authorization: 'Bearer sk-test.operator-key' },
      });
      expect(page.status).toBe(200);
      // The store key still opens the API on both.
      expect((await fetch(`${alone.baseURL}/models`, { headers: bearer })).status).toBe(200);
    } finally {
      await alone.server.close();
      await operated.server.close();
      await store.close();
      backing.dispose();
    }
  });
});
