/** What a `GET …/models` probe found. */
export type UpstreamCheck =
  | { reachable: true; status: number; latencyMs: number; models: number | undefined }
  | {
      reachable: false;
      reason: string;
      status?: number | undefined;
      latencyMs?: number | undefined;
    };

/** Options of {@link probeModels}. */
export interface ProbeModelsOptions {
  /** The model list's full URL, query string included. */
  url: string;
  /** The headers that authenticate the request; they hold a key in clear, so never shown. */
  headers: Record<string, string>;
  /** Longest wait for an answer, in milliseconds. @default 10000 */
  timeoutMs?: number | undefined;
  /** Stops the probe early (SIGINT). */
  signal?: AbortSignal | undefined;
  /** The `fetch` to use. @default globalThis.fetch */
  fetch?: typeof fetch | undefined;
}

/**
 * Calls an upstream's model list and reports whether it answered 2xx, how
 * fast, and how many models it lists. A non-2xx answer (401: the key is
 * rejected) or a network failure is reported with its reason, never with
 * the key.
 *
 * @param options - URL, headers, timeout, signal and fetch.
 */
export async function probeModels(options: ProbeModelsOptions): Promise<UpstreamCheck> {
  const timeoutMs = options.timeoutMs ?? 10_000;
  const timeout = AbortSignal.timeout(timeoutMs);
  const signal =
    options.signal === undefined ? timeout : AbortSignal.any([timeout, options.signal]);
  const startedAt = performance.now();
  try {
    const response = await (options.fetch ?? fetch)(options.url, {
      headers: { accept: 'application/json', ...options.headers },
      signal,
    });
    const latencyMs = performance.now() - startedAt;
    const body: unknown = await response.json().catch(() => undefined);
    if (!response.ok) {
      return {
        reachable: false,
        status: response.status,
        latencyMs,
        reason: errorReason(response.status, body),
      };
    }
    const data = (body as { data?: unknown } | undefined)?.data;
    return {
      reachable: true,
      status: response.status,
      latencyMs,
      models: Array.isArray(data) ? data.length : undefined,
    };
  } catch (error) {
    if (timeout.aborted) return { reachable: false, reason: `no answer within ${timeoutMs} ms` };
    // undici wraps the network failure: its cause carries the code (ECONNREFUSED, ENOTFOUND).
    const cause = (error as { cause?: { code?: unknown; message?: unknown } }).cause;
    if (typeof cause?.code === 'string')
      return { reachable: false, reason: `unreachable (${cause.code})` };
    const message = typeof cause?.message === 'string' ? cause.message : String(error);
    return { reachable: false, reason: `unreachable (${message})` };
  }
}

function errorReason(status: number, body: unknown): string {
  const error = (body as { error?: { message?: unknown; code?: unknown } } | undefined)?.error;
  // Azure puts the status itself in `code` ("401"): only a code that adds something is shown.
  const code =
    typeof error?.code === 'string' && error.code !== String(status) ? ` ${error.code}` : '';
  const hint = status === 401 ? ': the key was rejected' : '';
  return `answered ${status}${code}${hint}`;
}
