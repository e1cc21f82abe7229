import type { ChatCompletionCreateParams } from 'openai/resources/chat/completions';

/**
 * Which requests the cache answers and stores: `deterministic` only those
 * whose answer is meant to repeat (`temperature: 0`, or a `seed`), `always`
 * every request.
 */
export type CacheWhen = 'deterministic' | 'always';

/**
 * How one call uses the cache: `default` reads and writes, `bypass` neither
 * (nor joins an identical call in flight), `refresh` goes upstream and
 * writes without reading.
 */
export type CacheMode = 'default' | 'bypass' | 'refresh';

/**
 * Whether a request may be answered from, and stored in, the cache under
 * the `when` policy.
 *
 * @param request - the request as it goes upstream.
 * @param when - the client's policy.
 * @example
 * ```ts
 * isCacheableRequest({ model, messages, temperature: 0 }, 'deterministic'); // true
 * isCacheableRequest({ model, messages }, 'deterministic'); // false: temperature defaults to 1
 * ```
 */
export function isCacheableRequest(
  request: Pick<ChatCompletionCreateParams, 'temperature' | 'seed'>,
  when: CacheWhen,
): boolean {
  if (when === 'always') return true;
  return request.temperature === 0 || typeof request.seed === 'number';
}
