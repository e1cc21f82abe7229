import type { Redis } from 'ioredis';

/**
 * The Lua script behind the Redis rate limiter: every change to the shared
 * buckets runs in it, so it is atomic across every instance (Redis runs one
 * script at a time). `rate-limiter-flexible` counts fixed or sliding
 * windows; it cannot express continuously refilled token buckets whose
 * grants are given back or charged more afterwards and lowered by what the
 * upstream's headers say, hence this script.
 *
 * Keys: `KEYS[1]` the requests bucket, `KEYS[2]` the tokens bucket (hashes
 * with `level`, `at` (ms) and `learned` (a smaller upstream limit)), `KEYS[3]`
 * the pause key (set with `PX` by an upstream 429).
 *
 * Arguments: `ARGV[1]` the operation; `ARGV[2]`/`ARGV[3]` the configured
 * requests/tokens per minute (0 = off); `ARGV[4]` the burst fraction;
 * `ARGV[5]`/`ARGV[6]` the amounts (take: the cost; adjust: what is added,
 * negative to take more; lower: the target levels, `''` = none; pause: the
 * pause in ms in `ARGV[5]`); `ARGV[7]`/`ARGV[8]` (lower) the upstream limits
 * learned, `''` = none; `ARGV[9]` the idle expiry of a bucket in ms.
 *
 * Time is the Redis server's `TIME`, the one clock every instance shares. A
 * bucket refills at `limit / 60000` per ms up to `max(1, limit × burst)`, may
 * go into debt, and expires after an idle spell long enough to be full again.
 *
 * Reply: `{granted, waitMs, limit, now, requestsLevel, requestsCapacity,
 * requestsLimit, tokensLevel, tokensCapacity, tokensLimit}`, numbers as
 * strings (Redis would truncate Lua floats), `''` for a limit that is off.
 */
export const SHARED_BUCKET_SCRIPT = `
local time = redis.call('TIME')
local now = tonumber(time[1]) * 1000 + tonumber(time[2]) / 1000
local operation = ARGV[1]
local burst = tonumber(ARGV[4])
local idle = tonumber(ARGV[9])
local kinds = { 'requests', 'tokens' }

local function load(index)
  local configured = tonumber(ARGV[1 + index])
  if configured <= 0 then return nil end
  local key = KEYS[index]
  if operation == 'lower' and ARGV[6 + index] ~= '' then
    local learned = tonumber(ARGV[6 + index])
    if learned > 0 then redis.call('HSET', key, 'learned', tostring(learned)) end
  end
  local fields = redis.call('HMGET', key, 'level', 'at', 'learned')
  local limit = configured
  local learned = tonumber(fields[3])
  if learned ~= nil and learned > 0 and learned < limit then limit = learned end
  local capacity = math.max(1, limit * burst)
  local level = tonumber(fields[1])
  local at = tonumber(fields[2])
  if level == nil or at == nil then
    level = capacity
  elseif now > at then
    level = level + (now - at) * limit / 60000
  end
  return { key = key, limit = limit, capacity = capacity, level = math.min(level, capacity) }
end

local function save(bucket)
  redis.call('HSET', bucket.key, 'level', tostring(bucket.level), 'at', tostring(now))
  redis.call('PEXPIRE', bucket.key, idle)
end

local buckets = { load(1), load(2) }

local function reply(granted, waitMs, limit)
  local out = { granted, tostring(waitMs), limit, tostring(now) }
  for index = 1, 2 do
    local bucket = buckets[index]
    if bucket == nil then
      table.insert(out, '') table.insert(out, '') table.insert(out, '')
    else
      table.insert(out, tostring(bucket.level))
      table.insert(out, tostring(bucket.capacity))
      table.insert(out, tostring(bucket.limit))
    end
  end
  return out
end

if operation == 'take' then
  local paused = redis.call('PTTL', KEYS[3])
  if paused > 0 then return reply(0, paused, 'upstream') end
  local wait, binding = 0, 'requests'
  for index = 1, 2 do
    local bucket = buckets[index]
    if bucket ~= nil then
      local missing = math.min(tonumber(ARGV[4 + index]), bucket.capacity) - bucket.level - 1e-9
      if missing > 0 then
        local ms = missing * 60000 / bucket.limit
        if ms > wait then wait, binding = ms, kinds[index] end
      end
    end
  end
  if wait > 0 then return reply(0, wait, binding) end
  for index = 1, 2 do
    local bucket = buckets[index]
    if bucket ~= nil then
      bucket.level = bucket.level - tonumber(ARGV[4 + index])
      save(bucket)
    end
  end
  return reply(1, 0, '')
elseif operation == 'adjust' then
  for index = 1, 2 do
    local bucket = buckets[index]
    local amount = tonumber(ARGV[4 + index]) or 0
    if bucket ~= nil and amount ~= 0 then
      bucket.level = math.min(bucket.capacity, bucket.level + amount)
      save(bucket)
    end
  end
elseif operation == 'lower' then
  for index = 1, 2 do
    local bucket = buckets[index]
    if bucket ~= nil then
      if ARGV[4 + index] ~= '' and tonumber(ARGV[4 + index]) < bucket.level then
        bucket.level = tonumber(ARGV[4 + index])
      end
      save(bucket)
    end
  end
elseif operation == 'pause' then
  local ms = math.ceil(tonumber(ARGV[5]))
  if ms > 0 and redis.call('PTTL', KEYS[3]) < ms then
    redis.call('SET', KEYS[3], '1', 'PX', ms)
  end
end
return reply(1, 0, '')
`;

/** The command name the script is defined under on a connection. */
export const SHARED_BUCKET_COMMAND = 'bulwarkSharedBucket';

/** Operations of {@link SHARED_BUCKET_SCRIPT}. */
export type SharedBucketOperation = 'take' | 'adjust' | 'lower' | 'pause';

/** What one limit looks like in Redis right now, as the script replied. */
export interface SharedBucketSnapshot {
  /** Available (negative while in debt). */
  level: number;
  /** Burst capacity. */
  capacity: number;
  /** The limit in force per minute (configured, lowered by a learned one). */
  limit: number;
}

/** The script's reply, parsed. */
export interface SharedBucketReply {
  /** Whether a `take` was granted (always `true` for the other operations). */
  granted: boolean;
  /** How long until a refused `take` could go, in milliseconds. */
  waitMs: number;
  /** What binds a refused `take`. */
  limit: 'requests' | 'tokens' | 'upstream' | undefined;
  /** The Redis server's time, in milliseconds. */
  now: number;
  /** The requests bucket, when that limit is on. */
  requests: SharedBucketSnapshot | undefined;
  /** The tokens bucket, when that limit is on. */
  tokens: SharedBucketSnapshot | undefined;
}

/** A connection with the script defined on it. */
type ScriptedConnection = Redis & {
  [SHARED_BUCKET_COMMAND]: (...args: (string | number)[]) => Promise<string[] | number[]>;
};

function snapshot(values: readonly string[]): SharedBucketSnapshot | undefined {
  const [level, capacity, limit] = values;
  if (level === undefined || level === '') return undefined;
  return { level: Number(level), capacity: Number(capacity), limit: Number(limit) };
}

/** Options of {@link runSharedBucketScript}. */
export interface SharedBucketCall {
  /** Keys of the requests bucket, the tokens bucket and the pause. */
  keys: readonly [string, string, string];
  /** The operation. */
  operation: SharedBucketOperation;
  /** Configured requests and tokens per minute (0 = off). */
  rpm: number;
  /** Configured tokens per minute (0 = off). */
  tpm: number;
  /** Burst capacity as a fraction of a limit. */
  burstFraction: number;
  /** The two amounts (see {@link SHARED_BUCKET_SCRIPT}); `undefined` sends `''`. */
  amounts: readonly [number | undefined, number | undefined];
  /** Upstream limits learned (`lower` only). */
  learned?: readonly [number | undefined, number | undefined] | undefined;
  /** Idle expiry of a bucket, in milliseconds. */
  idleMs: number;
}

/**
 * Runs {@link SHARED_BUCKET_SCRIPT} (defined on the connection on first use,
 * sent by `EVALSHA`, re-sent whole by `ioredis` after a Redis restart).
 *
 * @param connection - the Redis connection.
 * @param call - keys, operation, limits and amounts.
 * @returns the parsed reply.
 * @throws whatever the connection throws (Redis down, timeout).
 */
export async function runSharedBucketScript(
  connection: Redis,
  call: SharedBucketCall,
): Promise<SharedBucketReply> {
  const scripted = connection as ScriptedConnection;
  if (typeof scripted[SHARED_BUCKET_COMMAND] !== 'function') {
    connection.defineCommand(SHARED_BUCKET_COMMAND, { numberOfKeys: 3, lua: SHARED_BUCKET_SCRIPT });
  }
  const text = (value: number | undefined): string => (value === undefined ? '' : String(value));
  const raw = await scripted[SHARED_BUCKET_COMMAND](
    ...call.keys,
    call.operation,
    call.rpm,
    call.tpm,
    call.burstFraction,
    text(call.amounts[0]),
    text(call.amounts[1]),
    text(call.learned?.[0]),
    text(call.learned?.[1]),
    call.idleMs,
  );
  const values = raw.map(String);
  const limit = values[2];
  return {
    granted: values[0] === '1',
    waitMs: Number(values[1]),
    limit: limit === 'requests' || limit === 'tokens' || limit === 'upstream' ? limit : undefined,
    now: Number(values[3]),
    requests: snapshot(values.slice(4, 7)),
    tokens: snapshot(values.slice(7, 10)),
  };
}
