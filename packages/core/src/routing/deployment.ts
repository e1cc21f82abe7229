import type { FallbackReason } from '../events/client-events.js';
import type { ResiliencePipeline } from '../policies/resilience-pipeline.js';
import type { RateLimiter } from '../rate-limit/rate-limiter.js';
import type { Transport } from '../transport/transport.js';
import type { DeploymentHealth } from '../client/bulwark-client.js';
import type { ServerEndpoint } from '../telemetry/call-trace.js';

/** Why a deployment is cooling down: the fallback reason that put it there. */
export interface Cooldown {
  /** Until when, in epoch milliseconds. */
  until: number;
  /** What put it there. */
  reason: FallbackReason;
}

/**
 * One upstream a call can be sent to: its transport (OpenAI or Azure
 * OpenAI), its own resilience pipeline (bulkhead, retry, breaker, attempt
 * timeout), its own rate limiter and its cooldown. Without routes the client
 * has one, unnamed; with routes, one per deployment of the routes file (see
 * `docs/routes.md`).
 */
export class Deployment {
  #cooldown: Cooldown | undefined;

  /**
   * @param name - the deployment's name in the routes; `undefined` for the client's own upstream.
   * @param transport - how its requests are sent.
   * @param pipeline - its resilience pipeline.
   * @param rateLimiter - its rate limiter, when it has limits.
   * @param model - the model name it is sent; `undefined` keeps the route's.
   * @param endpoint - its provider, host and port, as its spans name them.
   * @param ownsLimiter - whether it made its limiter (and so disposes it), rather than being given it.
   */
  constructor(
    readonly name: string | undefined,
    readonly transport: Transport,
    readonly pipeline: ResiliencePipeline,
    readonly rateLimiter: RateLimiter | undefined,
    readonly model: string | undefined,
    readonly endpoint: ServerEndpoint,
    private readonly ownsLimiter = true,
  ) {}

  /** Ends what waits for its limiter (nothing was sent for those calls). */
  async disposeLimiter(): Promise<void> {
    if (this.ownsLimiter) await this.rateLimiter?.dispose();
  }

  /** Frees its pipeline's timers and closes its connections. */
  async close(): Promise<void> {
    this.pipeline.dispose();
    await this.transport.close();
  }

  /** Its cooldown, while it lasts at `now`. */
  cooldown(now = Date.now()): Cooldown | undefined {
    const cooldown = this.#cooldown;
    if (cooldown !== undefined && cooldown.until <= now) this.#cooldown = undefined;
    return this.#cooldown;
  }

  /**
   * Skips the deployment until `until` (a later cooldown already set wins).
   *
   * @param cooldown - until when and why.
   */
  coolDown(cooldown: Cooldown): void {
    if (this.#cooldown === undefined || this.#cooldown.until < cooldown.until) {
      this.#cooldown = cooldown;
    }
  }

  /**
   * Why a call should not be sent here now (`circuit_open`, or the reason of
   * its cooldown), or `undefined` when it is usable.
   *
   * @param now - epoch milliseconds.
   */
  unusableBecause(now = Date.now()): FallbackReason | undefined {
    if (this.pipeline.health().circuit === 'open') return 'circuit_open';
    return this.cooldown(now)?.reason;
  }

  /** Its state for `health().deployments`. */
  health(now = Date.now()): DeploymentHealth {
    const { circuit } = this.pipeline.health();
    const cooldownUntil = this.cooldown(now)?.until;
    return { circuit, cooldownUntil, usable: circuit !== 'open' && cooldownUntil === undefined };
  }
}
