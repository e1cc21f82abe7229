import { describe, expect, it } from 'vitest';
import { createPainter } from './paint.js';
import { useColor } from './use-color.js';

const terminal = { isTTY: true, write: () => true };
const pipe = { write: () => true };

describe('useColor', () => {
  it('colours a terminal only', () => {
    expect(useColor(terminal, {})).toBe(true);
    expect(useColor(pipe, {})).toBe(false);
  });

  it('honours NO_COLOR (any non-empty value) and TERM=dumb', () => {
    expect(useColor(terminal, { NO_COLOR: '1' })).toBe(false);
    expect(useColor(terminal, { NO_COLOR: '' })).toBe(true);
    expect(useColor(terminal, { TERM: 'dumb' })).toBe(false);
  });
});

describe('createPainter', () => {
  it('styles text only when enabled', () => {
    expect(createPainter(true)('red', 'x')).toBe('\u001B[31mx\u001B[39m');
    expect(createPainter(false)('red', 'x')).toBe('x');
  });
});
