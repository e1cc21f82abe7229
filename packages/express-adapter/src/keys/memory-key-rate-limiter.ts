import { randomUUID } from 'node:crypto';
import {
  KEY_RATE_WINDOW_MS,
  type KeyRateLimiter,
  type KeyRateLimits,
  type RateAdmission,
  type RateTicket,
} from './key-rate-limiter.js';

interface Entry {
  readonly at: number;
  weight: number;
}

interface KeyWindows {
  requests: Entry[];
  tokens: Entry[];
  byId: Map<string, Entry>;
}

/**
 * How long until a window of `entries` (oldest first, all within the last
 * 60 s) has room for `weight` more under `limit`, in ms; 0 when it has now.
 * A weight above the limit needs the window empty.
 */
export function waitForRoom(
  entries: readonly { readonly at: number; readonly weight: number }[],
  limit: number,
  weight: number,
  now: number,
): number {
  let used = 0;
  for (const entry of entries) used += entry.weight;
  if (used === 0 || used + weight <= limit) return 0;
  for (const entry of entries) {
    used -= entry.weight;
    if (used === 0 || used + weight <= limit) {
      return Math.max(1, entry.at + KEY_RATE_WINDOW_MS - now);
    }
  }
  return KEY_RATE_WINDOW_MS;
}

/**
 * The per-key limits counted in this process's memory (the SQLite store's;
 * see {@link KeyRateLimiter}). Each key keeps the requests of its last 60 s,
 * so memory is bounded by the limits themselves.
 */
export class MemoryKeyRateLimiter implements KeyRateLimiter {
  readonly #windows = new Map<string, KeyWindows>();
  readonly #now: () => number;

  /** @param now - the clock. @default Date.now */
  constructor(now: () => number = Date.now) {
    this.#now = now;
  }

  /** @inheritdoc */
  async admit(name: string, limits: KeyRateLimits, tokens: number): Promise<RateAdmission> {
    const now = this.#now();
    const ticket: RateTicket = {
      id: randomUUID(),
      name,
      at: now,
      tokensCounted: limits.tpm !== null,
    };
    if (limits.rpm === null && limits.tpm === null) return { admitted: true, ticket };
    const windows = this.#windowsOf(name, now);
    if (limits.rpm !== null) {
      const retryAfterMs = waitForRoom(windows.requests, limits.rpm, 1, now);
      if (retryAfterMs > 0) return { admitted: false, limit: 'rpm', retryAfterMs };
    }
    if (limits.tpm !== null) {
      const retryAfterMs = waitForRoom(windows.tokens, limits.tpm, tokens, now);
      if (retryAfterMs > 0) return { admitted: false, limit: 'tpm', retryAfterMs };
    }
    windows.requests.push({ at: now, weight: 1 });
    if (limits.tpm !== null) {
      const entry = { at: now, weight: tokens };
      windows.tokens.push(entry);
      windows.byId.set(ticket.id, entry);
    }
    return { admitted: true, ticket };
  }

  /** @inheritdoc */
  async record(ticket: RateTicket, tokens: number): Promise<void> {
    const entry = this.#windows.get(ticket.name)?.byId.get(ticket.id);
    if (entry !== undefined) entry.weight = tokens;
  }

  /** The key's windows with what is older than 60 s dropped. */
  #windowsOf(name: string, now: number): KeyWindows {
    let windows = this.#windows.get(name);
    if (windows === undefined) {
      windows = { requests: [], tokens: [], byId: new Map() };
      this.#windows.set(name, windows);
    }
    const since = now - KEY_RATE_WINDOW_MS;
    const firstKept = (entries: Entry[]) => {
      const index = entries.findIndex((entry) => entry.at > since);
      return index === -1 ? entries.length : index;
    };
    windows.requests.splice(0, firstKept(windows.requests));
    const dropped = windows.tokens.splice(0, firstKept(windows.tokens));
    if (dropped.length > 0) {
      const keep = new Set(windows.tokens);
      for (const [id, entry] of windows.byId) if (!keep.has(entry)) windows.byId.delete(id);
    }
    return windows;
  }
}
