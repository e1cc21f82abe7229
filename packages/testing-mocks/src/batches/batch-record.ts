/** An error of a batch that failed validation, as OpenAI's `BatchError`. @internal */
export interface BatchErrorEntry {
  code: string;
  message: string;
  param: string | null;
  line: number | null;
}

/** One request of a batch input file, once validated. @internal */
export interface BatchRow {
  custom_id: string;
  url: string;
  body: unknown;
}

/** What the mock keeps of a batch. @internal */
export interface BatchRecord {
  id: string;
  endpoint: string;
  input_file_id: string;
  completion_window: string;
  metadata: Record<string, string> | null;
  status:
    | 'validating'
    | 'failed'
    | 'in_progress'
    | 'finalizing'
    | 'completed'
    | 'expired'
    | 'cancelling'
    | 'cancelled';
  model?: string;
  output_file_id?: string;
  error_file_id?: string;
  errors?: BatchErrorEntry[];
  times: Partial<
    Record<
      | 'created_at'
      | 'in_progress_at'
      | 'expires_at'
      | 'finalizing_at'
      | 'completed_at'
      | 'failed_at'
      | 'expired_at'
      | 'cancelling_at'
      | 'cancelled_at',
      number
    >
  >;
  rows: BatchRow[];
  /** Rows run so far (the next row to run is `rows[done]`). */
  done: number;
  completed: number;
  failed: number;
  outputLines: string[];
  errorLines: string[];
  /** Retrieves so far: what `expireAfterSteps` counts. */
  steps: number;
}

/**
 * The batch object OpenAI answers with (schema `Batch`): fields without a
 * value are left out, as the official schema declares them non-nullable.
 * @internal
 */
export function toBatchObject(record: BatchRecord): Record<string, unknown> {
  const total = record.status === 'validating' ? 0 : record.rows.length;
  return {
    id: record.id,
    object: 'batch',
    endpoint: record.endpoint,
    ...(record.model === undefined ? {} : { model: record.model }),
    ...(record.errors === undefined ? {} : { errors: { object: 'list', data: record.errors } }),
    input_file_id: record.input_file_id,
    completion_window: record.completion_window,
    status: record.status,
    ...(record.output_file_id === undefined ? {} : { output_file_id: record.output_file_id }),
    ...(record.error_file_id === undefined ? {} : { error_file_id: record.error_file_id }),
    ...record.times,
    request_counts: { total, completed: record.completed, failed: record.failed },
    metadata: record.metadata,
  };
}
