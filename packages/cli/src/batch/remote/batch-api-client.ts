import { createWriteStream } from 'node:fs';
import { openAsBlob } from 'node:fs';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
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

  const send = async (path: string, init: RequestInit = {}): Promise<Response> => {
    let response: Response;
    try {
      response = await doFetch(`${base}${path}`, {
        ...init,
        headers: { ...headers, ...(init.headers as Record<string, string> | undefined) },
        signal: options.signal,
      });
    } catch (error) {
      throw mapUpstreamError(error, { secrets, signal: options.signal });
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
      message: text_(error.message) ?? `${init.method ?? 'GET'} ${path}: HTTP ${response.status}`,
      headers: response.headers,
    });
  };
  const json = async <T>(path: string, init?: RequestInit): Promise<T> => {
    const response = await send(path, init);
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
      const file = await json<{ id: string }>('/files', { method: 'POST', body: form });
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
      const response = await send(`/files/${encodeURIComponent(id)}/content`);
      if (response.body === null) throw new Error(`The content of ${id} has no body`);
      try {
        await pipeline(Readable.fromWeb(response.body as never), createWriteStream(target));
      } catch (error) {
        throw mapUpstreamError(error, { secrets, signal: options.signal });
      }
    },
  };
}
