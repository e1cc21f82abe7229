import { describe, expect, it, vi } from 'vitest';
import { silentLogger } from '../logging/logger.js';
import { createEventEmitter } from './create-event-emitter.js';

interface Events {
  ping: { n: number };
  pong: { text: string };
}

describe('createEventEmitter', () => {
  it('delivers payloads to the listeners of a name, in order, until unsubscribed', () => {
    const emitter = createEventEmitter<Events>(silentLogger);
    const seen: string[] = [];
    const unsubscribe = emitter.on('ping', ({ n }) => seen.push(`a${n}`));
    emitter.on('ping', ({ n }) => seen.push(`b${n}`));
    emitter.on('pong', ({ text }) => seen.push(text));
    emitter.emit('ping', { n: 1 });
    unsubscribe();
    unsubscribe();
    emitter.emit('ping', { n: 2 });
    expect(seen).toEqual(['a1', 'b1', 'b2']);
  });

  it('tells whether a name has a listener, as listeners come and go', () => {
    const emitter = createEventEmitter<Events>(silentLogger);
    expect(emitter.has('ping')).toBe(false);
    const unsubscribe = emitter.on('ping', () => undefined);
    expect(emitter.has('ping')).toBe(true);
    expect(emitter.has('pong')).toBe(false);
    unsubscribe();
    expect(emitter.has('ping')).toBe(false);
  });

  it('logs a throwing listener and still calls the others', () => {
    const warn = vi.fn();
    const emitter = createEventEmitter<Events>({ ...silentLogger, warn });
    const after = vi.fn();
    emitter.on('ping', () => {
      throw new Error('listener bug');
    });
    emitter.on('ping', after);
    expect(() => emitter.emit('ping', { n: 1 })).not.toThrow();
    expect(after).toHaveBeenCalledWith({ n: 1 });
    expect(warn).toHaveBeenCalledWith(
      expect.objectContaining({ event: 'ping' }),
      expect.any(String),
    );
  });

  it('forgets every listener on clear', () => {
    const emitter = createEventEmitter<Events>(silentLogger);
    const listener = vi.fn();
    emitter.on('pong', listener);
    emitter.clear();
    emitter.emit('pong', { text: 'x' });
    expect(listener).not.toHaveBeenCalled();
  });
});
