import { describe, expect, it } from 'vitest';
import { nextPartStep } from './next-part-step.js';

const part = { index: 0, rows: 10 };

describe('nextPartStep', () => {
  it('walks upload → create → poll → download → done', () => {
    expect(nextPartStep(part)).toBe('upload');
    expect(nextPartStep({ ...part, uploadStartedAt: 1 })).toBe('upload');
    expect(nextPartStep({ ...part, fileId: 'file-1' })).toBe('create');
    const created = { ...part, fileId: 'file-1', createStartedAt: 2, batchId: 'batch_1' };
    expect(nextPartStep(created)).toBe('poll');
    expect(nextPartStep({ ...created, status: 'in_progress' })).toBe('poll');
    expect(nextPartStep({ ...created, status: 'cancelling' })).toBe('poll');
    for (const status of ['completed', 'failed', 'expired', 'cancelled']) {
      expect(nextPartStep({ ...created, status })).toBe('download');
      expect(nextPartStep({ ...created, status, downloaded: true })).toBe('done');
    }
  });

  it('looks for the batch of a create that was started but never recorded', () => {
    expect(nextPartStep({ ...part, fileId: 'file-1', createStartedAt: 2 })).toBe('find');
  });

  it('is done with a part cancelled before it was submitted', () => {
    expect(nextPartStep({ ...part, status: 'cancelled' })).toBe('done');
  });
});
