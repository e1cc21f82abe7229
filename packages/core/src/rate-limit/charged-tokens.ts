/** Options of {@link chargedTokens}. */
export interface ChargedTokensOptions {
  /** `usage.total_tokens` of the response. */
  totalTokens: number;
  /** Prompt tokens as estimated before sending. */
  promptTokens: number;
  /** The request's `max_completion_tokens` ?? `max_tokens`, when it set one. */
  requestedCompletionTokens?: number | null | undefined;
  /** The request's `n`. @default 1 */
  choices?: number | null | undefined;
}

/**
 * The tokens an answered attempt counts against a tokens-per-minute limit,
 * for {@link RateLimitGrant.reconcile}. OpenAI charges a request when it
 * admits it, counting the requested maximum (`max_tokens`) rather than what
 * the completion used, and does not give the difference back. So the charge
 * is the larger of the actual usage and the prompt plus the requested maximum
 * per choice: reconciling gives back only a guessed reserve (a request with
 * no maximum) and takes the excess when the usage beat the estimate.
 *
 * @param options - the usage, the prompt estimate and the request's maximum.
 * @example
 * ```ts
 * grant.reconcile(chargedTokens({ totalTokens: 57, promptTokens: 12, requestedCompletionTokens: 200 })); // 212
 * ```
 */
export function chargedTokens(options: ChargedTokensOptions): number {
  const { totalTokens, promptTokens, requestedCompletionTokens } = options;
  if (requestedCompletionTokens == null) return totalTokens;
  const choices = Math.max(1, options.choices ?? 1);
  return Math.max(totalTokens, promptTokens + requestedCompletionTokens * choices);
}
