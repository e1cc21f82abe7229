import { createId } from '../builders/create-id.js';
import { openAIErrorResponse } from '../engine/openai-error.js';
import { advanceBatch, type RowAnswer } from './advance-batch.js';
import { toBatchObject, type BatchRecord } from './batch-record.js';
import { cancelBatch, createBatch, listBatches } from './batch-routes.js';
import { readFile, uploadFile } from './file-routes.js';
import type {
  MockBatchEndpoint,
  MockBatchOptions,
  MockHold,
  MockHoldPoint,
  MockStoredFile,
} from './mock-batch-options.js';
import { createHoldRegistry } from './mock-holds.js';

/** The mock's Files and Batches API, as `mock.batches` exposes it. */
export interface MockBatches {
  /** Every stored file (uploads, then outputs and error files), in creation order. */
  readonly files: readonly MockStoredFile[];
  /** Every batch created, oldest first, as OpenAI's `Batch` object. */
  list(): Record<string, unknown>[];
  /**
   * Holds the next request to `endpoint` at `point` until `release()` (or
   * until its client goes away): the way a test stops a client at a given
   * step, e.g. to kill it there.
   * @example
   * ```ts
   * const hold = server.mock.batches.hold('batches.create', 'response');
   * await hold.seen; // the batch exists, its creator has no answer yet
   * child.kill('SIGKILL');
   * ```
   */
  hold(endpoint: MockBatchEndpoint, point?: MockHoldPoint): MockHold;
  /** Resolves once the mock has produced its next answer to `endpoint`. */
  answered(endpoint: MockBatchEndpoint): Promise<void>;
  /** Changes how batches progress, from now on. */
  configure(options: MockBatchOptions): void;
  /** Moves a batch one step, as a retrieve does. */
  advance(batchId: string): Promise<void>;
}

/** What the Batch API needs from the engine. @internal */
export interface BatchApiContext {
  options: MockBatchOptions;
  now: () => number;
  execute: (url: string, body: unknown) => Promise<RowAnswer>;
}

const ROUTES: readonly [MockBatchEndpoint, string, RegExp][] = [
  ['files.create', 'POST', /\/files$/],
  ['files.retrieve', 'GET', /\/files\/([^/]+)$/],
  ['files.content', 'GET', /\/files\/([^/]+)\/content$/],
  ['batches.create', 'POST', /\/batches$/],
  ['batches.list', 'GET', /\/batches$/],
  ['batches.retrieve', 'GET', /\/batches\/([^/]+)$/],
  ['batches.cancel', 'POST', /\/batches\/([^/]+)\/cancel$/],
];

/**
 * Creates the in-memory Files and Batches API of the mock: `route()`
 * answers its requests (or returns `undefined` for other paths), `api` is
 * `mock.batches`.
 * @internal
 */
export function createBatchApi(context: BatchApiContext): {
  route(request: Request, path: string): Promise<Response> | undefined;
  api: MockBatches;
  reset(): void;
} {
  let options = { ...context.options };
  const files = new Map<string, MockStoredFile>();
  const batches = new Map<string, BatchRecord>();
  const queues = new Map<string, Promise<void>>();
  const holds = createHoldRegistry();
  const seconds = (): number => Math.floor(context.now() / 1000);

  const advance = (record: BatchRecord): Promise<void> => {
    const step = (queues.get(record.id) ?? Promise.resolve()).then(() =>
      advanceBatch(record, {
        options,
        nowSeconds: seconds,
        fileContent: (id) => files.get(id)?.content,
        storeOutput: (filename, lines) => {
          const file: MockStoredFile = {
            id: createId('file-', 22),
            filename,
            purpose: 'batch_output',
            content: `${lines.join('\n')}\n`,
            createdAt: seconds(),
          };
          files.set(file.id, file);
          return file.id;
        },
        execute: context.execute,
      }),
    );
    queues.set(record.id, step);
    return step;
  };

  const answer = async (
    endpoint: MockBatchEndpoint,
    id: string | undefined,
    request: Request,
    url: URL,
  ): Promise<Response> => {
    if (endpoint === 'files.create') return uploadFile(request, files, holds, seconds());
    if (endpoint === 'files.retrieve' || endpoint === 'files.content') {
      return readFile(request, files.get(id ?? ''), id ?? '', endpoint === 'files.content', holds);
    }
    await holds.pass(endpoint, 'request', request.signal);
    if (endpoint === 'batches.list') return listBatches(url, [...batches.values()]);
    if (endpoint === 'batches.create') {
      const created = await createBatch(request, files, seconds());
      if (created instanceof Response) return created;
      batches.set(created.id, created);
      await holds.pass(endpoint, 'response', request.signal);
      return Response.json(toBatchObject(created));
    }
    const record = batches.get(id ?? '');
    if (record === undefined) {
      return openAIErrorResponse(404, { message: `No batch found with id '${id ?? ''}'.` });
    }
    if (endpoint === 'batches.cancel') return cancelBatch(record, seconds());
    await advance(record);
    return Response.json(toBatchObject(record));
  };

  return {
    route(request, path) {
      for (const [endpoint, method, pattern] of ROUTES) {
        const match = pattern.exec(path);
        if (match === null || request.method !== method) continue;
        const id = match[1] === undefined ? undefined : decodeURIComponent(match[1]);
        return answer(endpoint, id, request, new URL(request.url)).then((response) => {
          holds.answer(endpoint);
          return response;
        });
      }
      return undefined;
    },
    api: {
      get files() {
        return [...files.values()];
      },
      list: () => [...batches.values()].map(toBatchObject),
      hold: (endpoint, point = 'request') => holds.hold(endpoint, point),
      answered: (endpoint) => holds.answered(endpoint),
      configure(next) {
        options = { ...options, ...next };
      },
      async advance(batchId) {
        const record = batches.get(batchId);
        if (record === undefined) throw new Error(`No batch ${batchId} in the mock`);
        await advance(record);
      },
    },
    reset() {
      files.clear();
      batches.clear();
      queues.clear();
      holds.clear();
      options = { ...context.options };
    },
  };
}
