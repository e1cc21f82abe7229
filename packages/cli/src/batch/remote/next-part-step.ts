import { TERMINAL_STATUSES } from './remote-batch.js';
import type { RemotePartState } from './remote-state.js';

/**
 * What a part of a remote run needs next:
 * - `upload`: no file id recorded (an upload cut short is simply redone);
 * - `find`: a create was started but its batch id never recorded: look for
 *   the batch by its metadata before creating one, so a part never gets two;
 * - `create`: uploaded, no create started;
 * - `poll`: the batch has not ended;
 * - `download`: it ended and its files are not on disk yet;
 * - `done` (also for a part cancelled before it was submitted).
 */
export type PartStep = 'upload' | 'find' | 'create' | 'poll' | 'download' | 'done';

/**
 * Picks the next step of a part from its recorded state (the resume planner).
 *
 * @param part - the part's state.
 */
export function nextPartStep(part: RemotePartState): PartStep {
  if (part.batchId === undefined) {
    // `batch cancel` before the part was submitted: it never will be.
    if (part.status === 'cancelled') return 'done';
    if (part.createStartedAt !== undefined) return 'find';
    return part.fileId === undefined ? 'upload' : 'create';
  }
  if (part.status === undefined || !TERMINAL_STATUSES.has(part.status)) return 'poll';
  return part.downloaded === true ? 'done' : 'download';
}
