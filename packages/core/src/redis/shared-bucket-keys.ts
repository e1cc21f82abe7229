/** Where a namespace's shared buckets live: options of {@link sharedBucketKeys}. */
export interface SharedBucketKeyOptions {
  /** Put before every key (e.g. `staging:`). @default '' */
  keyPrefix?: string | undefined;
  /** The rate-limit budget the keys belong to. @default 'default' */
  namespace?: string | undefined;
}

/** The Redis keys of the requests bucket, the tokens bucket and the upstream pause. */
export type SharedBucketKeys = readonly [requests: string, tokens: string, pause: string];

/**
 * Names the keys of one namespace's shared buckets:
 * `<keyPrefix>bulwark:rate-limit:{<namespace>}:requests|tokens|pause`.
 *
 * @param options - the key prefix and the namespace.
 * @returns the keys, in the order `SHARED_BUCKET_SCRIPT` reads them.
 */
export function sharedBucketKeys(options: SharedBucketKeyOptions): SharedBucketKeys {
  // The namespace in braces is the hash tag: a script's keys must share one Redis Cluster slot.
  const base = `${options.keyPrefix ?? ''}bulwark:rate-limit:{${options.namespace ?? 'default'}}`;
  return [`${base}:requests`, `${base}:tokens`, `${base}:pause`];
}
