const MINUTE_MS = 60_000;

/** One recorded grant; zeroed when the grant is released. */
export interface GrantLogEntry {
  at: number;
  requests: number;
  tokens: number;
}

/**
 * The grants of the last minute, so that upstream headers describing an
 * earlier moment can be brought up to now (what was granted since counts
 * against what the upstream had left).
 */
export interface GrantLog {
  /** Records a grant made at `at`. */
  record(at: number, requests: number, tokens: number): GrantLogEntry;
  /** Requests and tokens granted strictly after `time`. */
  since(time: number): { requests: number; tokens: number };
}

/** Creates an empty {@link GrantLog} on the given clock. */
export function createGrantLog(now: () => number): GrantLog {
  let entries: GrantLogEntry[] = [];
  let start = 0;
  const prune = (): void => {
    const cutoff = now() - MINUTE_MS;
    while (start < entries.length && (entries[start] as GrantLogEntry).at <= cutoff) start += 1;
    // Compact now and then rather than shifting the array on every grant.
    if (start > 1024 && start * 2 > entries.length) {
      entries = entries.slice(start);
      start = 0;
    }
  };
  return {
    record(at, requests, tokens) {
      prune();
      const entry = { at, requests, tokens };
      entries.push(entry);
      return entry;
    },
    since(time) {
      let requests = 0;
      let tokens = 0;
      for (let index = entries.length - 1; index >= start; index -= 1) {
        const entry = entries[index] as GrantLogEntry;
        if (entry.at <= time) break;
        requests += entry.requests;
        tokens += entry.tokens;
      }
      return { requests, tokens };
    },
  };
}
