import type { BulwarkConfig } from '@bulwark/core';
import { probeModels, type UpstreamCheck } from './probe-models.js';

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
  const headers: Record<string, string> = {};
  if (config.apiKey !== undefined) headers['authorization'] = `Bearer ${config.apiKey.reveal()}`;
  if (config.organization !== undefined) headers['openai-organization'] = config.organization;
  if (config.project !== undefined) headers['openai-project'] = config.project;
  return probeModels({
    url: `${config.baseURL.replace(/\/+$/, '')}/models`,
    headers,
    timeoutMs: options.timeoutMs,
    signal: options.signal,
    fetch: options.fetch,
  });
}
