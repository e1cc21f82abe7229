import { createWriteStream } from 'node:fs';
import { openAsBlob } from 'node:fs';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { TimeoutError } from '@bulwark/core';
import { redactSecrets } from '@bulwark/core/security';
import { classifyUpstreamFailure, mapUpstreamError } from '@bulwark/core/transport';
import type { RemoteBatch, RemoteBatchPage } from './remote-batch.js';

/** Options of {@link createBatchApiClient}. */
export interface BatchApiClientOptions {
  /** Base URL ending in `/v1` (already checked: `https:` unless loopback). */
  baseURL: string;
  /** The key, in clear; absent for a loopback upstream that needs none. Never logged. */
  apiKey?: string | undefined;
  /** `OpenAI-Organization` and `OpenAI-Project`, when set. */
  organization?: string | undefined;
  project?: string | undefined;
  /** Cancels every request (the CLI's interrupt). */
  signal: AbortSignal;
  /** @default globalThis.fetch */
  fetch?: typeof fetch;
  /**
   * How long a JSON request (create, retrieve, list, cancel) may take, in ms;
   * uploads and downloads are not limited.
   * @default 60000
   */
  timeoutMs?: number | undefined;
}

/** What `bulwark batch --remote` asks of OpenAI's Files and Batches API. */
export interface BatchApiClient {
  /** `POST /files` with purpose `batch`; returns the file id. */
  uploadFile(path: string, filename: string): Promise<string>;
  /** `POST /batches` for `/v1/chat/completions` within `24h`. */
  createBatch(inputFileId: string, metadata: Record<string, string>): Promise<RemoteBatch>;
  /** `GET /batches/{id}`. */
  retrieveBatch(id: string): Promise<RemoteBatch>;
  /** `GET /batches?limit=100&after=…`, newest first. */
  listBatches(after?: string): Promise<RemoteBatchPage>;
  /** `POST /batches/{id}/cancel`. */
  cancelBatch(id: string): Promise<RemoteBatch>;
  /** `GET /files/{id}/content`, streamed to `target` (created or truncated). */
  downloadFile(id: string, target: string): Promise<void>;
}

/**
 * A small client of OpenAI's Files and Batches API over `fetch`: the key in
 * the `Authorization` header only, failures mapped to core's typed errors
 * (`RateLimitError`, `ServerError`, `ConnectionError`…) with the key masked.
 *
 * @param options - base URL, key, signal.
 */
export function createBatchApiClient(options: BatchApiClientOptions): BatchApiClient {
  const doFetch = options.fetch ?? globalThis.fetch;
  const base = options.baseURL.replace(/\/+$/, '');
  const secrets = options.apiKey === undefined ? [] : [options.apiKey];
  const headers: Record<string, string> = {};
  if (options.apiKey !== undefined) headers['authorization'] = `Bearer ${options.apiKey}`;
  if (options.organization !== undefined) headers['openai-organization'] = options.organization;
  if (options.project !== undefined) headers['openai-project'] = options.project;

  const send = async (path: string, init: RequestInit = {}, limited = true): Promise<Response> => {
    const signal = limited
      ? withTimeout(options.signal, options.timeoutMs ?? 60_000)
      : options.signal;
    let response: Response;
    try {
      response = await doFetch(`${base}${path}`, {
        ...init,
        headers: { ...headers, ...(init.headers as Record<string, string> | undefined) },
        signal,
      });
    } catch (error) {
      throw mapUpstreamError(error, { secrets, signal });
    }
    if (response.ok) return response;
    const text = await response.text().catch(() => '');
    let error: { message?: unknown; code?: unknown; type?: unknown; param?: unknown } = {};
    try {
      error = (JSON.parse(text) as { error?: typeof error }).error ?? {};
    } catch {
      // Not OpenAI's error body: the status alone decides.
    }
    const text_ = (value: unknown): string | undefined =>
      typeof value === 'string' ? value : undefined;
    throw classifyUpstreamFailure({
      status: response.status,
      code: text_(error.code),
      type: text_(error.type),
      param: text_(error.param),
      // The API may quote the key back ("Incorrect API key provided: sk-…").
      message: redactSecrets(
        text_(error.message) ?? `${init.method ?? 'GET'} ${path}: HTTP ${response.status}`,
        secrets,
      ),
      headers: response.headers,
    });
  };
  const json = async <T>(path: string, init?: RequestInit, limited = true): Promise<T> => {
    const response = await send(path, init, limited);
    try {
      return (await response.json()) as T;
    } catch (error) {
      throw mapUpstreamError(error, { secrets, signal: options.signal });
    }
  };
  const post = <T>(path: string, body: unknown): Promise<T> =>
    json<T>(path, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });

  return {
    async uploadFile(path, filename) {
      const form = new FormData();
      form.append('purpose', 'batch');
      form.append('file', await openAsBlob(path), filename);
      const file = await json<{ id: string }>('/files', { method: 'POST', body: form }, false);
      return file.id;
    },
    createBatch: (inputFileId, metadata) =>
      post<RemoteBatch>('/batches', {
        input_file_id: inputFileId,
        endpoint: '/v1/chat/completions',
        completion_window: '24h',
        metadata,
      }),
    retrieveBatch: (id) => json<RemoteBatch>(`/batches/${encodeURIComponent(id)}`),
    listBatches: (after) =>
      json<RemoteBatchPage>(
        `/batches?limit=100${after === undefined ? '' : `&after=${encodeURIComponent(after)}`}`,
      ),
    cancelBatch: (id) => post<RemoteBatch>(`/batches/${encodeURIComponent(id)}/cancel`, {}),
    async downloadFile(id, target) {
      const response = await send(`/files/${encodeURIComponent(id)}/content`, {}, false);
      if (response.body === null) throw new Error(`The content of ${id} has no body`);
      try {
        await pipeline(Readable.fromWeb(response.body as never), createWriteStream(target));
      } catch (error) {
        throw mapUpstreamError(error, { secrets, signal: options.signal });
      }
    },
  };
}

/**
 * A signal that aborts with `signal`, or with a `TimeoutError` after `ms`
 * (so the failure maps to a timeout, not to an interrupt).
 */
function withTimeout(signal: AbortSignal, ms: number): AbortSignal {
  const controller = new AbortController();
  const timer = setTimeout(() => {
    controller.abort(new TimeoutError({ message: `The Batch API did not answer in ${ms} ms` }));
  }, ms);
  timer.unref();
  const stop = (): void => {
    clearTimeout(timer);
    controller.abort(signal.reason);
  };
  if (signal.aborted) stop();
  else signal.addEventListener('abort', stop, { once: true });
  return controller.signal;
}
