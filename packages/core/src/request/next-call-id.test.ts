import { describe, expect, it } from 'vitest';
import { nextCallId } from './next-call-id.js';

describe('nextCallId', () => {
  it('gives a different id every call, with the process prefix', () => {
    const ids = Array.from({ length: 1000 }, () => nextCallId());
    expect(new Set(ids).size).toBe(1000);
    const prefix = /^call_[0-9a-f]{12}_/.exec(ids[0] ?? '')?.[0];
    expect(prefix).toBeDefined();
    for (const id of ids) expect(id.startsWith(prefix ?? '?')).toBe(true);
  });
});
