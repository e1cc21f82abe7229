import type { BulwarkConfig } from '@bulwark/core';

/** What {@link checkUpstream} found. */
export type UpstreamCheck =
  | { reachable: true; status: number; latencyMs: number; models: number | undefined }
  | {
      reachable: false;
      reason: string;
      status?: number | undefined;
      latencyMs?: number | undefined;
    };

/** Options of {@link checkUpstream}. */
export interface CheckUpstreamOptions {
  /** The configuration to check (base URL, key, organization, project). */
  config: BulwarkConfig;
  /** Longest wait for an answer, in milliseconds. @default 10000 */
  timeoutMs?: number | undefined;
  /** Stops the check early (SIGINT). */
  signal?: AbortSignal | undefined;
  /** The `fetch` to use. @default globalThis.fetch */
  fetch?: typeof fetch | undefined;
}

/**
 * Calls `GET <baseURL>/models` with the configured key and reports whether
 * the upstream answered 2xx, how fast, and how many models it lists. A
 * non-2xx answer (401: the key is rejected) or a network failure is
 * reported with its reason, never with the key.
 *
 * @param options - configuration, timeout, signal and fetch.
 */
export async function checkUpstream(options: CheckUpstreamOptions): Promise<UpstreamCheck> {
  const { config } = options;
  const headers: Record<string, string> = { accept: 'application/json' };
  if (config.apiKey !== undefined) headers['authorization'] = `Bearer ${config.apiKey.reveal()}`;
  if (config.organization !== undefined) headers['openai-organization'] = config.organization;
  if (config.project !== undefined) headers['openai-project'] = config.project;
  const timeout = AbortSignal.timeout(options.timeoutMs ?? 10_000);
  const signal =
    options.signal === undefined ? timeout : AbortSignal.any([timeout, options.signal]);
  const startedAt = performance.now();
  try {
    const response = await (options.fetch ?? fetch)(
      `${config.baseURL.replace(/\/+$/, '')}/models`,
      {
        headers,
        signal,
      },
    );
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
    if (timeout.aborted)
      return { reachable: false, reason: `no answer within ${options.timeoutMs ?? 10_000} ms` };
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
  const code = typeof error?.code === 'string' ? ` ${error.code}` : '';
  const hint = status === 401 ? ': the key was rejected' : '';
  return `answered ${status}${code}${hint}`;
}
