import type { KeyUsage } from '../keys/key-store.js';
import { KeyStoreError } from '../keys/key-store-error.js';
import { invalidKey } from './check-caller-key.js';
import { GatewayHttpError } from './gateway-http-error.js';

const usd = (amount: number): string => `$${amount.toFixed(4)}`;

/** 403 `model_not_allowed`: the key's allow-list does not name the model. */
export function modelNotAllowed(name: string, model: string): GatewayHttpError {
  return new GatewayHttpError({
    status: 403,
    code: 'model_not_allowed',
    type: 'invalid_request_error',
    param: 'model',
    message: `The key "${name}" may not use the model "${model}"`,
  });
}

/** 403 `model_not_allowed`: a key with a budget asked for a model the gateway cannot price. */
export function modelNotPriced(name: string, model: string): GatewayHttpError {
  return new GatewayHttpError({
    status: 403,
    code: 'model_not_allowed',
    type: 'invalid_request_error',
    param: 'model',
    message: `The key "${name}" has a budget, and the model "${model}" has no price in the gateway's model table (BULWARK_MODELS_FILE adds one)`,
  });
}

/** 429 `caller_rate_limit_exceeded`: the key used its `rpm` or `tpm` within the last 60 s. */
export function keyRateLimited(
  name: string,
  limit: 'rpm' | 'tpm',
  retryAfterMs: number,
): GatewayHttpError {
  const what = limit === 'rpm' ? 'requests' : 'tokens';
  return new GatewayHttpError({
    status: 429,
    code: 'caller_rate_limit_exceeded',
    type: 'rate_limit_error',
    message: `The key "${name}" used its ${what} per minute (${limit}); retry after the time in retry-after`,
    headers: {
      'retry-after': String(Math.max(1, Math.ceil(retryAfterMs / 1000))),
      'retry-after-ms': String(Math.max(1, Math.ceil(retryAfterMs))),
    },
  });
}

/** 429 `budget_exceeded`: the key's budget cannot cover the most the call can cost. */
export function budgetExceeded(
  name: string,
  budgetUsd: number,
  usage: KeyUsage,
  maxCostUsd: number,
): GatewayHttpError {
  return new GatewayHttpError({
    status: 429,
    code: 'budget_exceeded',
    type: 'insufficient_quota',
    message: `The key "${name}" has ${usd(usage.remainingUsd ?? 0)} left of its ${usd(budgetUsd)} budget (${usd(usage.spendUsd)} spent, ${usd(usage.reservedUsd)} reserved by calls in flight); this call could cost up to ${usd(maxCostUsd)}`,
    // Retrying at once does not help: money comes back when calls in flight settle, or the period ends.
    headers: { 'x-should-retry': 'false' },
  });
}

/**
 * What the caller gets when the key store fails: 401 `invalid_api_key` for
 * a key revoked while its request ran (`unknown_key`), else 503
 * `key_store_unavailable` with `retry-after` (Redis down, a disk error);
 * anything but a store error is rethrown.
 */
export function storeFailure(error: unknown): GatewayHttpError {
  if (!KeyStoreError.isInstance(error)) throw error;
  if (error.code === 'unknown_key') return invalidKey(false);
  return new GatewayHttpError({
    status: 503,
    code: 'key_store_unavailable',
    type: 'server_error',
    message: 'The gateway cannot reach its key store; retry after the time in retry-after',
    headers: { 'retry-after': '1' },
  });
}
