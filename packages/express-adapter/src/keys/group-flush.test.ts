import { describe, expect, it } from 'vitest';
import { GroupFlush } from './group-flush.js';

/** A sync that ends when told, counting its starts. */
function controlledSync() {
  const ends: { resolve: () => void; reject: (error: Error) => void }[] = [];
  return {
    ends,
    sync: () =>
      new Promise<void>((resolve, reject) => {
        ends.push({ resolve, reject });
      }),
  };
}

const settled = async (promise: Promise<void>) => {
  let state = 'pending';
  promise.then(
    () => (state = 'resolved'),
    () => (state = 'rejected'),
  );
  for (let turn = 0; turn < 5; turn += 1) await Promise.resolve();
  return state;
};

describe('GroupFlush', () => {
  it('starts a flush at once when none runs', async () => {
    const { ends, sync } = controlledSync();
    const group = new GroupFlush(sync);
    const first = group.flush();
    expect(ends).toHaveLength(1);
    ends[0]?.resolve();
    await expect(first).resolves.toBeUndefined();
  });

  it('never lets a caller join a flush that started before it asked', async () => {
    const { ends, sync } = controlledSync();
    const group = new GroupFlush(sync);
    const first = group.flush();
    const second = group.flush();
    expect(ends).toHaveLength(1);
    ends[0]?.resolve();
    await first;
    expect(await settled(second)).toBe('pending');
    expect(ends).toHaveLength(2);
    ends[1]?.resolve();
    await expect(second).resolves.toBeUndefined();
  });

  it('serves every caller that asked during one flush with the single next one', async () => {
    const { ends, sync } = controlledSync();
    const group = new GroupFlush(sync);
    void group.flush();
    const waiting = [group.flush(), group.flush(), group.flush()];
    ends[0]?.resolve();
    await settled(waiting[0] as Promise<void>);
    expect(ends).toHaveLength(2);
    ends[1]?.resolve();
    await Promise.all(waiting);
    expect(ends).toHaveLength(2);
    // Idle again: the next call starts its own flush at once.
    void group.flush();
    expect(ends).toHaveLength(3);
  });

  it('rejects the callers of a failed flush only, and the next callers still get theirs', async () => {
    const { ends, sync } = controlledSync();
    const group = new GroupFlush(sync);
    const first = group.flush();
    const second = group.flush();
    ends[0]?.reject(new Error('disk full'));
    await expect(first).rejects.toThrow('disk full');
    expect(ends).toHaveLength(2);
    ends[1]?.resolve();
    await expect(second).resolves.toBeUndefined();
  });
});
