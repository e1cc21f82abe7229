import { clientOptionsSchema, type ChatRequest } from '@bulwark/core';
import { DEFAULT_MODELS, estimateCost, findModel, type ModelInfo } from '@bulwark/core/models';
import { isModelAllowed } from '../keys/key-access.js';
import type { KeyRecord, KeyStore, ReserveOutcome } from '../keys/key-store.js';
import { unbudgetedReservation } from '../keys/unbudgeted-reservation.js';
import { callMaxCost, inputTokensOf, promptTokensOf } from './call-max-cost.js';
import type { GatewayHandlerOptions } from './gateway-handler-options.js';
import { GatewayHttpError } from './gateway-http-error.js';
import { KeyCharge } from './key-charge.js';
import {
  budgetExceeded,
  keyRateLimited,
  modelNotAllowed,
  modelNotPriced,
  storeFailure,
} from './key-refusals.js';

/** Options of {@link createKeyGuard}. */
export interface KeyGuardOptions {
  /** The key store. */
  store: KeyStore;
  /** The model table the calls are priced with (core's, with the configuration's models). */
  models: Readonly<Record<string, ModelInfo>>;
  /** The model of a request that names none (the client's `model`). */
  defaultModel: string;
  /** How long a reservation counts: past the longest a call can take, in ms. */
  reservationTtlMs: number;
  /** Told each settled amount (the per-key cost metric). */
  charged: (name: string, costUsd: number) => void;
}

/** What a guarded call is: a chat completion (or stream), or embeddings. */
export type GuardedCall = 'chat' | 'embeddings';

/** Opens a store key's call; see {@link createKeyGuard}. */
export type KeyGuard = (key: KeyRecord, body: unknown, call?: GuardedCall) => Promise<KeyCharge>;

/**
 * What a store key's call (chat, or embeddings: its input's tokens at the
 * model's input price, no output) goes through before core is called, in
 * order: the model allow-list (403 `model_not_allowed`, naming the model),
 * the key's requests and tokens per minute (429
 * `caller_rate_limit_exceeded` with `retry-after`; the prompt's tokens are
 * counted only when the key has a token limit or a budget), and with a
 * budget the reservation of the most the call can cost (429
 * `budget_exceeded`; a model the table cannot price is refused, as its
 * cost could not be counted). A failing store is a 503 `key_store_unavailable`.
 *
 * @param options - store, model table, default model, reservation lifetime.
 * @returns the guard; its {@link KeyCharge} must be closed when the call ends.
 */
export function createKeyGuard(options: KeyGuardOptions): KeyGuard {
  const { store, models, defaultModel, reservationTtlMs, charged } = options;
  return async (key, body, call = 'chat') => {
    const { name, limits } = key;
    const request = (typeof body === 'object' && body !== null ? body : {}) as Partial<ChatRequest>;
    const model =
      typeof request.model === 'string' && request.model !== '' ? request.model : defaultModel;
    if (!isModelAllowed(key, model)) throw modelNotAllowed(name, model);
    const info = findModel(models, model);
    const budgeted = limits.budgetUsd !== null;
    if (budgeted && info === undefined) throw modelNotPriced(name, model);
    const counted = limits.tpm !== null || budgeted;
    const embeddings = call === 'embeddings';
    const promptTokens = !counted
      ? 0
      : embeddings
        ? await inputTokensOf(request as { input?: unknown }, info)
        : await promptTokensOf(request, info);
    const maxCostUsd =
      !budgeted || info === undefined
        ? 0
        : embeddings
          ? estimateCost(info, { promptTokens, completionTokens: 0 })
          : callMaxCost(request, info, promptTokens);
    try {
      const admission = await store.rateLimiter.admit(name, limits, promptTokens);
      if (!admission.admitted) throw keyRateLimited(name, admission.limit, admission.retryAfterMs);
      // Without a budget nothing is set aside: no store round trip.
      const outcome: ReserveOutcome = budgeted
        ? await store.reserve(name, maxCostUsd, reservationTtlMs)
        : { granted: true, reservation: unbudgetedReservation(key, reservationTtlMs, Date.now()) };
      if (!outcome.granted) {
        // Refused before the upstream saw it: no tokens to count against the key's tpm.
        await store.rateLimiter.record(admission.ticket, 0);
        throw budgetExceeded(name, outcome.budgetUsd, outcome.usage, maxCostUsd);
      }
      return new KeyCharge(store, outcome.reservation, admission.ticket, (costUsd) =>
        charged(name, costUsd),
      );
    } catch (error) {
      throw error instanceof GatewayHttpError ? error : storeFailure(error);
    }
  };
}

const DEFAULT_MODEL = clientOptionsSchema.shape.model.parse(undefined);
const DEFAULT_RESERVATION_TTL_MS = 600_000;

/**
 * The key guard of a gateway handler's options: with `keyStore`, priced
 * with `modelTable` (default `DEFAULT_MODELS`), `defaultModel` and
 * `reservationTtlMs` (default 10 minutes), its charges counted in the
 * per-key cost metric; without, `undefined`.
 *
 * @param options - the handler's options.
 */
export function gatewayKeyGuard(options: GatewayHandlerOptions): KeyGuard | undefined {
  const { keyStore, metrics } = options;
  if (keyStore === undefined) return undefined;
  return createKeyGuard({
    store: keyStore,
    models: options.modelTable ?? DEFAULT_MODELS,
    defaultModel: options.defaultModel ?? DEFAULT_MODEL,
    reservationTtlMs: options.reservationTtlMs ?? DEFAULT_RESERVATION_TTL_MS,
    charged: (name, costUsd) => metrics?.keys.recordCost(name, costUsd),
  });
}
