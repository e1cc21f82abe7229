/** The statuses of a batch of OpenAI's Batch API. */
export type RemoteBatchStatus =
  | 'validating'
  | 'failed'
  | 'in_progress'
  | 'finalizing'
  | 'completed'
  | 'expired'
  | 'cancelling'
  | 'cancelled';

/** The statuses after which a batch never changes again. */
export const TERMINAL_STATUSES: ReadonlySet<string> = new Set([
  'failed',
  'completed',
  'expired',
  'cancelled',
]);

/** The fields of OpenAI's `Batch` object that `bulwark batch --remote` reads. */
export interface RemoteBatch {
  /** `batch_…`. */
  id: string;
  /** Where the batch is. */
  status: RemoteBatchStatus;
  /** Rows in total, succeeded and failed so far. */
  request_counts?: { total: number; completed: number; failed: number } | null;
  /** The file of successful rows, once the batch ended. */
  output_file_id?: string | null;
  /** The file of failed rows, once the batch ended. */
  error_file_id?: string | null;
  /** Why the batch failed validation. */
  errors?: { data?: { code?: string; message?: string; line?: number | null }[] } | null;
  /** The metadata it was created with. */
  metadata?: Record<string, string> | null;
  /** Creation time, Unix seconds. */
  created_at: number;
}

/** One page of `GET /batches`. */
export interface RemoteBatchPage {
  /** Newest first. */
  data: RemoteBatch[];
  /** Whether older batches follow. */
  has_more: boolean;
}
