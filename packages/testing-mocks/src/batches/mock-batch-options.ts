/** How the mock's Batch API simulates progress; every field is optional. */
export interface MockBatchOptions {
  /**
   * Rows executed on each retrieve of an `in_progress` batch: a batch moves
   * one step each time it is retrieved (`validating` → `in_progress` → rows →
   * `finalizing` → `completed`), so a test decides exactly when it progresses.
   * @default Infinity (every row on the first retrieve in progress)
   */
  rowsPerStep?: number | undefined;
  /**
   * The batch expires on this retrieve counted from its creation (1 is the
   * first), unless it finished before: rows not yet run land in the error
   * file as `batch_expired`.
   * @default undefined (never expires)
   */
  expireAfterSteps?: number | undefined;
  /**
   * Answers rows instead of the chat engine (return `undefined` to let the
   * engine answer): fixed replies for very large batches, where running every
   * row through the engine would be slow.
   * @default undefined (every row goes through the engine: scripts, echo, faults)
   */
  respond?: ((row: MockBatchRow) => MockBatchRowAnswer | undefined) | undefined;
}

/** One row of a batch, as `respond` sees it. */
export interface MockBatchRow {
  /** The row's `custom_id`. */
  custom_id: string;
  /** The endpoint, e.g. `/v1/chat/completions`. */
  url: string;
  /** The request body. */
  body: unknown;
}

/** How `respond` answers a row: the HTTP status and JSON body of its response. */
export interface MockBatchRowAnswer {
  /** 200 for a success; 4xx/5xx put the row in the error file. */
  status: number;
  /** The response body (a `ChatCompletion`, or OpenAI's error body). */
  body: unknown;
}

/** The mock's Batch API endpoints, as `mock.batches.hold()` and `answered()` name them. */
export type MockBatchEndpoint =
  | 'files.create'
  | 'files.retrieve'
  | 'files.content'
  | 'batches.create'
  | 'batches.retrieve'
  | 'batches.list'
  | 'batches.cancel';

/**
 * Where a held request stops: `request` before anything happens;
 * `response` after the effect (the file stored, the batch created; for
 * `files.content`, after the first half of the body was sent).
 */
export type MockHoldPoint = 'request' | 'response';

/** A request held by `mock.batches.hold()`. */
export interface MockHold {
  /** Resolves once a request reached the hold point (and now hangs there). */
  readonly seen: Promise<void>;
  /** Lets the held request go on (or the next one pass, when none is held yet). */
  release(): void;
}

/** A file stored by the mock's Files API. */
export interface MockStoredFile {
  /** `file-…`. */
  id: string;
  /** The name it was uploaded with (or `batch_….jsonl` for an output). */
  filename: string;
  /** `batch` for an upload, `batch_output` for an output or error file. */
  purpose: string;
  /** The content, as text. */
  content: string;
  /** Creation time, Unix seconds. */
  createdAt: number;
}
