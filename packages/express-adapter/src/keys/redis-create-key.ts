import { randomUUID } from 'node:crypto';
import { generateGatewayKey, hashGatewayKey } from './gateway-key.js';
import type { CreatedKey, KeyLimits } from './key-store.js';
import { KeyStoreError } from './key-store-error.js';
import type { ScriptCommand } from './redis-connection.js';
import type { RedisKeyNames } from './redis-key-names.js';
import { toRedisLimitFields } from './redis-key-record.js';

/**
 * `create` of the Redis store: a new key, its record and its index entry
 * written by one script (`CREATE_KEY_SCRIPT`).
 *
 * @param script - the create script's command.
 * @param names - the store's key names.
 * @param name - the checked name.
 * @param limits - the checked limits.
 * @param now - the creation time.
 * @throws {@link KeyStoreError} `key_exists`.
 */
export async function createRedisKey(
  script: ScriptCommand,
  names: RedisKeyNames,
  name: string,
  limits: KeyLimits,
  now: number,
): Promise<CreatedKey> {
  // A second hash collision among 190-bit keys will not happen; one retry covers the first.
  for (let attempt = 0; attempt < 3; attempt += 1) {
    const key = generateGatewayKey();
    const hash = hashGatewayKey(key);
    const id = randomUUID();
    const reply = await script(
      names.record(name), names.index, names.names,
      name, hash,
      'id', id, 'name', name, 'hash', hash,
      ...toRedisLimitFields(limits),
      'createdAt', now, 'updatedAt', now, 'lastUsedAt', '',
    ); // prettier-ignore
    if (reply === 'exists') {
      throw new KeyStoreError({ code: 'key_exists', message: `A key named "${name}" exists` });
    }
    if (reply === 'created') {
      return {
        key,
        record: { id, name, limits, createdAt: now, updatedAt: now, lastUsedAt: null },
      };
    }
  }
  throw new Error('three new keys collided with stored ones');
}
