import type { CacheCallOptions } from '../cache/response-cache.js';
import type { ClientRuntime, PreparedCall } from './runtime.js';

/**
 * The cache's lookup report for one call, as `cacheHit` / `cacheMiss`
 * events (a call that joins an identical call in flight is a hit with
 * `coalesced: true`).
 *
 * @param runtime - the client's events.
 * @param call - the call looked up.
 * @param stream - whether it is a stream.
 */
export function cacheLookupEvents(
  runtime: ClientRuntime,
  call: PreparedCall,
  stream: boolean,
): NonNullable<CacheCallOptions['onLookup']> {
  return (key, outcome) => {
    const base = { callId: call.callId, model: call.model, stream, key };
    if (outcome === 'miss') runtime.events.emit('cacheMiss', base);
    else runtime.events.emit('cacheHit', { ...base, coalesced: outcome === 'coalesced' });
  };
}
