/**
 * The Lua scripts of the per-key limits in Redis (see redis-key-rate-limiter.ts).
 * Each is atomic across instances, so N gateways together keep a key under
 * its limits. Windows: a sorted set of request ids by time (requests), a
 * sorted set of ids by time and a hash of id → tokens (tokens); each key
 * expires one window after its last write.
 */

/**
 * `admit`. KEYS: requests, tokens, token counts. ARGV: now (ms), window (ms),
 * rpm (`''`: none), tpm (`''`: none), id, tokens. Reply: `{'ok'}`, or
 * `{limit, retryAfterMs}` with limit `rpm` or `tpm`.
 */
export const ADMIT_SCRIPT = `
local now = tonumber(ARGV[1])
local window = tonumber(ARGV[2])
local since = now - window
local rpm = tonumber(ARGV[3])
local tpm = tonumber(ARGV[4])
local tokens = tonumber(ARGV[6])
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', since)
local old = redis.call('ZRANGEBYSCORE', KEYS[2], '-inf', since)
for _, id in ipairs(old) do redis.call('HDEL', KEYS[3], id) end
redis.call('ZREMRANGEBYSCORE', KEYS[2], '-inf', since)
local function later(at) return math.max(1, at + window - now) end
if rpm then
  local used = redis.call('ZCARD', KEYS[1])
  if used > 0 and used + 1 > rpm then
    local oldest = redis.call('ZRANGE', KEYS[1], used - rpm, used - rpm, 'WITHSCORES')
    return {'rpm', tostring(later(tonumber(oldest[2])))}
  end
end
if tpm then
  local entries = redis.call('ZRANGE', KEYS[2], 0, -1, 'WITHSCORES')
  local weights = {}
  local used = 0
  for i = 1, #entries, 2 do
    local weight = tonumber(redis.call('HGET', KEYS[3], entries[i]) or '0')
    weights[#weights + 1] = weight
    used = used + weight
  end
  if used > 0 and used + tokens > tpm then
    local wait = window
    for i = 1, #weights do
      used = used - weights[i]
      if used == 0 or used + tokens <= tpm then
        wait = later(tonumber(entries[i * 2]))
        break
      end
    end
    return {'tpm', tostring(wait)}
  end
end
if rpm then
  redis.call('ZADD', KEYS[1], now, ARGV[5])
  redis.call('PEXPIRE', KEYS[1], window)
end
if tpm then
  redis.call('ZADD', KEYS[2], now, ARGV[5])
  redis.call('HSET', KEYS[3], ARGV[5], tokens)
  redis.call('PEXPIRE', KEYS[2], window)
  redis.call('PEXPIRE', KEYS[3], window)
end
return {'ok'}
`;

/**
 * `record`. KEYS: tokens, token counts. ARGV: id, tokens. Replaces the
 * request's expected tokens while it is still in the window.
 */
export const RECORD_TOKENS_SCRIPT = `
if redis.call('ZSCORE', KEYS[1], ARGV[1]) then redis.call('HSET', KEYS[2], ARGV[1], ARGV[2]) end
return 1
`;
