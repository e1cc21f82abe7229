/**
 * Facts about one call that are not part of the completion (docs/errors.md keeps
 * the body exactly the SDK's): reported through the `onCallInfo` call option,
 * e.g. for a gateway's response headers.
 */
export interface CallInfo {
  /**
   * Upstream attempts made, 1 when the first succeeded; 0 when the cache
   * answered, or for a failed call, when none was sent (refused before
   * sending, or an identical call in flight failed for it). With routes, the
   * attempts on the deployment that answered (or, for a failed call, the
   * one tried last).
   */
  attempts: number;
  /**
   * What the cache did: `hit` (answered from it), `miss` (consulted, then
   * filled from the upstream) or `bypass` (not consulted: no cache layer,
   * `cache: 'bypass'`, or a request the cache does not keep).
   */
  cache: 'hit' | 'miss' | 'bypass';
  /** The upstream's `x-request-id` of the answer (a failed call: the error's `requestId`), when known. */
  upstreamRequestId: string | undefined;
  /** The upstream's `x-ratelimit-*` headers of the answer, names in lower case; none for a failed call. */
  rateLimitHeaders: Readonly<Record<string, string>>;
  /**
   * The deployment that answered, with routes (the `x-bulwark-deployment`
   * header), or for a failed call the one tried last; `undefined` without
   * routes, when the cache answered, or when the call failed before any
   * deployment was tried.
   */
  deployment?: string | undefined;
}
