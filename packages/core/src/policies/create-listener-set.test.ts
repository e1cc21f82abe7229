import { describe, expect, it, vi } from 'vitest';
import { createListenerSet } from './create-listener-set.js';

describe('createListenerSet', () => {
  it('calls every listener until it is removed', () => {
    const set = createListenerSet<number>();
    const first = vi.fn();
    const second = vi.fn();
    const removeFirst = set.add(first);
    set.add(second);
    set.emit(1);
    removeFirst();
    removeFirst();
    set.emit(2);
    expect(first.mock.calls).toEqual([[1]]);
    expect(second.mock.calls).toEqual([[1], [2]]);
  });

  it('keeps calling the other listeners when one throws, and does not throw itself', () => {
    const set = createListenerSet<string>();
    const after = vi.fn();
    set.add(() => {
      throw new Error('faulty listener');
    });
    set.add(after);
    expect(() => set.emit('event')).not.toThrow();
    expect(after).toHaveBeenCalledWith('event');
  });

  it('clear removes every listener', () => {
    const set = createListenerSet<string>();
    const listener = vi.fn();
    set.add(listener);
    set.clear();
    set.emit('event');
    expect(listener).not.toHaveBeenCalled();
  });
});
