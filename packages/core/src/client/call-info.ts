/**
 * Facts about one call that are not part of the completion (docs/errors.md keeps
 * the body exactly the SDK's): reported through the `onCallInfo` call option,
 * e.g. for a gateway's response headers.
 */
export interface CallInfo {
  /** Upstream attempts made, 1 when the first succeeded; 0 when the cache answered. */
  attempts: number;
  /**
   * What the cache did: `hit` (answered from it), `miss` (consulted, then
   * filled from the upstream) or `bypass` (not consulted: no cache layer,
   * `cache: 'bypass'`, or a request the cache does not keep).
   */
  cache: 'hit' | 'miss' | 'bypass';
  /** The upstream's `x-request-id` of the answer, when known. */
  upstreamRequestId: string | undefined;
  /** The upstream's `x-ratelimit-*` headers of the answer, names in lower case. */
  rateLimitHeaders: Readonly<Record<string, string>>;
  /**
   * The deployment that answered, with routes (the `x-bulwark-deployment`
   * header); `undefined` without routes or when the cache answered.
   */
  deployment?: string | undefined;
}
