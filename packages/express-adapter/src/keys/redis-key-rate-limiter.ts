import { randomUUID } from 'node:crypto';
import {
  KEY_RATE_WINDOW_MS,
  type KeyRateLimiter,
  type KeyRateLimits,
  type RateAdmission,
  type RateTicket,
} from './key-rate-limiter.js';
import { defineScripts, type RedisConnection, type ScriptCommand } from './redis-connection.js';
import type { RedisKeyNames } from './redis-key-names.js';
import { ADMIT_SCRIPT, RECORD_TOKENS_SCRIPT } from './redis-rate-scripts.js';
import { runRedis } from './run-redis.js';

/**
 * The per-key limits counted in Redis (the Redis store's; see
 * {@link KeyRateLimiter}): one script per request, shared by every instance.
 */
export class RedisKeyRateLimiter implements KeyRateLimiter {
  readonly #scripted: Record<'bulwarkKeyAdmit' | 'bulwarkKeyRecordTokens', ScriptCommand>;
  readonly #names: RedisKeyNames;
  readonly #now: () => number;

  /**
   * @param connection - the store's connection.
   * @param names - the store's key names.
   * @param now - the clock.
   */
  constructor(connection: RedisConnection, names: RedisKeyNames, now: () => number) {
    this.#scripted = defineScripts(connection, {
      bulwarkKeyAdmit: [3, ADMIT_SCRIPT],
      bulwarkKeyRecordTokens: [2, RECORD_TOKENS_SCRIPT],
    });
    this.#names = names;
    this.#now = now;
  }

  /** @inheritdoc */
  async admit(name: string, limits: KeyRateLimits, tokens: number): Promise<RateAdmission> {
    const now = this.#now();
    const ticket: RateTicket = {
      id: randomUUID(),
      name,
      at: now,
      tokensCounted: limits.tpm !== null,
    };
    if (limits.rpm === null && limits.tpm === null) return { admitted: true, ticket };
    const reply = (await runRedis(() =>
      this.#scripted.bulwarkKeyAdmit(
        this.#names.rateRequests(name), this.#names.rateTokens(name), this.#names.rateTokenCounts(name),
        now, KEY_RATE_WINDOW_MS, limits.rpm ?? '', limits.tpm ?? '', ticket.id, Math.max(0, tokens),
      ),
    )) as string[]; // prettier-ignore
    const [status, wait] = reply;
    if (status === 'rpm' || status === 'tpm') {
      return { admitted: false, limit: status, retryAfterMs: Number(wait) };
    }
    return { admitted: true, ticket };
  }

  /** @inheritdoc */
  async record(ticket: RateTicket, tokens: number): Promise<void> {
    if (!ticket.tokensCounted) return;
    await runRedis(() =>
      this.#scripted.bulwarkKeyRecordTokens(
        this.#names.rateTokens(ticket.name),
        this.#names.rateTokenCounts(ticket.name),
        ticket.id,
        Math.max(0, tokens),
      ),
    );
  }
}
