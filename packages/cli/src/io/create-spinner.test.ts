import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createSpinner } from './create-spinner.js';

function stream(isTTY: boolean) {
  const chunks: string[] = [];
  return {
    isTTY,
    columns: 80,
    chunks,
    write: (chunk: string) => chunks.push(chunk) > 0,
    cursorTo: () => true,
    clearLine: () => true,
    moveCursor: () => true,
  };
}

beforeEach(() => vi.useFakeTimers());
afterEach(() => vi.useRealTimers());

describe('createSpinner', () => {
  it('draws nothing at all when the stream is not a terminal', () => {
    const output = stream(false);
    const spinner = createSpinner({ stream: output, text: 'Asking gpt-4…', color: true });
    vi.advanceTimersByTime(1000);
    spinner.stop();
    expect(output.chunks).toEqual([]);
  });

  it('spins on a terminal until stopped, and stopping twice is harmless', () => {
    const output = stream(true);
    const spinner = createSpinner({ stream: output, text: 'Asking gpt-4…', color: false });
    vi.advanceTimersByTime(500);
    const drawn = output.chunks.join('');
    expect(drawn).toContain('Asking gpt-4…');
    spinner.stop();
    spinner.stop();
    const afterStop = output.chunks.length;
    vi.advanceTimersByTime(500);
    expect(output.chunks.length).toBe(afterStop);
  });
});
