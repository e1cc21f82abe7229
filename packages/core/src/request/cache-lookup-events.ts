import type { CacheCallOptions } from '../cache/response-cache.js';
import type { UpstreamFacts } from './call-kind.js';
import type { ClientRuntime, PreparedCall } from './runtime.js';

/**
 * The cache's lookup report for one call, as `cacheHit` / `cacheMiss`
 * events (a call that joins an identical call in flight is a hit with
 * `coalesced: true`).
 *
 * @param runtime - the client's events.
 * @param call - the call looked up.
 * @param stream - whether it is a stream.
 * @param facts - where the outcome is kept, for the call's report if it fails.
 */
export function cacheLookupEvents(
  runtime: ClientRuntime,
  call: PreparedCall<unknown>,
  stream: boolean,
  facts: UpstreamFacts,
): NonNullable<CacheCallOptions['onLookup']> {
  // Literals without a spread: Node 20 builds `{ ...base, more }` on a slow path.
  return (key, outcome) => {
    facts.lookup = outcome;
    const { callId, model } = call;
    if (outcome === 'miss') runtime.events.emit('cacheMiss', { callId, model, stream, key });
    else {
      const coalesced = outcome === 'coalesced';
      runtime.events.emit('cacheHit', { callId, model, stream, key, coalesced });
      call.trace.event('bulwark.cache.hit', { 'bulwark.cache.coalesced': coalesced });
    }
  };
}
