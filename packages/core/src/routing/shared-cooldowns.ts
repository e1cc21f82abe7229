import type { Logger } from '../logging/logger.js';
import type { ClientRedis } from '../redis/open-client-redis.js';
import type { Cooldown, Deployment } from './deployment.js';

/**
 * Deployment cooldowns (an open circuit included) shared by every client on
 * one Redis, so that N gateways stop sending to a failing deployment
 * together (see `docs/routes.md`, "Across instances").
 */
export interface SharedCooldowns {
  /** Reads the shared cooldowns of these deployments into them (a failure leaves them as they are). */
  load(deployments: readonly Deployment[]): Promise<void>;
  /** Publishes one deployment's cooldown, without waiting (a failure is logged). */
  save(deployment: Deployment, cooldown: Cooldown): void;
}

/**
 * Shares cooldowns through Redis keys that expire with them:
 * `{prefix}bulwark:cooldown:{namespace}:{deployment}` holding
 * `{ until, reason }`, written with `PX` so Redis forgets them on time.
 *
 * @param redis - the client's Redis.
 * @param logger - where failures are reported (at debug: the limits and the breaker still work locally).
 * @returns the shared cooldowns.
 */
export function createSharedCooldowns(redis: ClientRedis, logger: Logger): SharedCooldowns {
  const keyOf = (name: string): string =>
    `${redis.keyPrefix}bulwark:cooldown:{${redis.namespace}}:${name}`;
  return {
    async load(deployments) {
      const named = deployments.filter((deployment) => deployment.name !== undefined);
      if (named.length === 0) return;
      try {
        const values = await redis.connection.mget(
          named.map((deployment) => keyOf(deployment.name as string)),
        );
        values.forEach((value, index) => {
          const cooldown = value === null ? undefined : parseCooldown(value);
          if (cooldown !== undefined) named[index]?.coolDown(cooldown);
        });
      } catch (error) {
        logger.debug({ error: describe(error) }, 'Reading shared deployment cooldowns failed');
      }
    },
    save(deployment, cooldown) {
      const ttlMs = Math.ceil(cooldown.until - Date.now());
      if (deployment.name === undefined || ttlMs <= 0) return;
      redis.connection
        .set(keyOf(deployment.name), JSON.stringify(cooldown), 'PX', ttlMs)
        .catch((error: unknown) =>
          logger.debug({ error: describe(error) }, 'Sharing a deployment cooldown failed'),
        );
    },
  };
}

function parseCooldown(value: string): Cooldown | undefined {
  try {
    const parsed = JSON.parse(value) as Partial<Cooldown>;
    return typeof parsed.until === 'number' && typeof parsed.reason === 'string'
      ? { until: parsed.until, reason: parsed.reason }
      : undefined;
  } catch {
    return undefined;
  }
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
