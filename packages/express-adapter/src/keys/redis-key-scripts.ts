/**
 * The Lua scripts of the Redis key store. Redis runs one script at a time,
 * so each is atomic across every gateway instance on the same Redis: two
 * instances never both grant the last of a budget.
 *
 * Every key of the store shares the hash tag `{keys}` (see
 * redis-key-names.ts), so on Redis Cluster each script's keys sit in one
 * slot. Amounts are whole nano-dollars; Lua numbers are doubles, exact to
 * 2⁵³, and are returned as `%.0f` strings so that Redis does not truncate them.
 */

/**
 * `create`. KEYS: record, index, names. ARGV: name, hash, then the record's
 * field/value pairs. Reply: `created`, `exists` (the name) or `collision` (the hash).
 */
export const CREATE_KEY_SCRIPT = `
if redis.call('EXISTS', KEYS[1]) == 1 then return 'exists' end
if redis.call('HEXISTS', KEYS[2], ARGV[2]) == 1 then return 'collision' end
redis.call('HSET', KEYS[1], unpack(ARGV, 3))
redis.call('HSET', KEYS[2], ARGV[2], ARGV[1])
redis.call('SADD', KEYS[3], ARGV[1])
return 'created'
`;

/**
 * `update`. KEYS: record. ARGV: the record's id as read, then field/value
 * pairs. Reply: 1, or 0 when the key is gone (or another of the same name).
 */
export const UPDATE_KEY_SCRIPT = `
if redis.call('HGET', KEYS[1], 'id') ~= ARGV[1] then return 0 end
redis.call('HSET', KEYS[1], unpack(ARGV, 2))
return 1
`;

/**
 * `revoke`. KEYS: record, index, names, reservations, reserved, then the
 * spend keys of the current day, month and total. ARGV: name. Reply: 1, or 0
 * when there was no such key.
 */
export const REVOKE_KEY_SCRIPT = `
local hash = redis.call('HGET', KEYS[1], 'hash')
if not hash then return 0 end
redis.call('HDEL', KEYS[2], hash)
redis.call('SREM', KEYS[3], ARGV[1])
redis.call('DEL', KEYS[1], KEYS[4], KEYS[5], KEYS[6], KEYS[7], KEYS[8])
return 1
`;

/**
 * `reserve` and `usage`. KEYS: record, the spend keys of the current day,
 * month and total, reservations (a sorted set: id → expiry in ms), reserved
 * (a hash: id → amount). ARGV: now (ms), amount, expiry, id; an empty amount
 * only reads (usage).
 *
 * Expired reservations are dropped first. With a budget, the reservation is
 * granted when spend in the budget's window + open reservations + amount ≤
 * budget, and stored with both keys kept alive until it expires.
 *
 * Reply: `{status, spend, reserved, budget, budgetPeriod, createdAt, id}`
 * with status `granted`, `refused`, `untracked` (no budget: nothing stored),
 * `read` or `unknown`; `reserved` includes this reservation when granted.
 */
export const RESERVE_SCRIPT = `
local record = redis.call('HMGET', KEYS[1], 'id', 'budgetNano', 'budgetPeriod', 'createdAt')
if not record[1] then return {'unknown'} end
local now = tonumber(ARGV[1])
local expired = redis.call('ZRANGEBYSCORE', KEYS[5], '-inf', now)
for first = 1, #expired, 500 do
  redis.call('HDEL', KEYS[6], unpack(expired, first, math.min(first + 499, #expired)))
end
if #expired > 0 then redis.call('ZREMRANGEBYSCORE', KEYS[5], '-inf', now) end
local spendKey = KEYS[4]
if record[3] == 'day' then spendKey = KEYS[2] elseif record[3] == 'month' then spendKey = KEYS[3] end
local spend = tonumber(redis.call('GET', spendKey) or '0')
local reserved = 0
for _, amount in ipairs(redis.call('HVALS', KEYS[6])) do reserved = reserved + tonumber(amount) end
local function reply(status)
  return {status, string.format('%.0f', spend), string.format('%.0f', reserved), record[2], record[3], record[4], record[1]}
end
if ARGV[2] == '' then return reply('read') end
if record[2] == '' then return reply('untracked') end
local amount = tonumber(ARGV[2])
if spend + reserved + amount > tonumber(record[2]) then return reply('refused') end
local expiresAt = tonumber(ARGV[3])
redis.call('ZADD', KEYS[5], expiresAt, ARGV[4])
redis.call('HSET', KEYS[6], ARGV[4], ARGV[2])
local ttl = math.ceil(expiresAt - now)
for index = 5, 6 do
  if redis.call('PTTL', KEYS[index]) < ttl then redis.call('PEXPIRE', KEYS[index], ttl) end
end
reserved = reserved + amount
return reply('granted')
`;

/**
 * `settle` and `release`. KEYS: record, the spend keys of the current day,
 * month and total, reservations, reserved. ARGV: the key's id at
 * reservation, the reservation's id (`''`: untracked), the amount (`''`:
 * release), the day's and the month's spend key lifetime in ms. The spend
 * is added to all three windows only while the key is the one that
 * reserved. Reply: 1 when spend was added, else 0.
 */
export const SETTLE_SCRIPT = `
if ARGV[2] ~= '' then
  redis.call('ZREM', KEYS[5], ARGV[2])
  redis.call('HDEL', KEYS[6], ARGV[2])
end
if ARGV[3] == '' then return 0 end
if redis.call('HGET', KEYS[1], 'id') ~= ARGV[1] then return 0 end
redis.call('INCRBY', KEYS[2], ARGV[3])
redis.call('PEXPIRE', KEYS[2], ARGV[4])
redis.call('INCRBY', KEYS[3], ARGV[3])
redis.call('PEXPIRE', KEYS[3], ARGV[5])
redis.call('INCRBY', KEYS[4], ARGV[3])
return 1
`;

/** `touch`. KEYS: record. ARGV: now (ms). Sets `lastUsedAt` if the key still exists. */
export const TOUCH_SCRIPT = `
if redis.call('EXISTS', KEYS[1]) == 1 then redis.call('HSET', KEYS[1], 'lastUsedAt', ARGV[1]) end
return 1
`;

/**
 * `findByKey` in one round trip. KEYS: index. ARGV: the key's hash, the
 * prefix of record keys. Reply: the record's field/value list, or empty.
 * The record's key is built here from the name found; it shares the index's
 * hash tag `{keys}`, so on Redis Cluster it lives in the same slot.
 */
export const FIND_KEY_SCRIPT = `
local name = redis.call('HGET', KEYS[1], ARGV[1])
if not name then return {} end
return redis.call('HGETALL', ARGV[2] .. name)
`;
