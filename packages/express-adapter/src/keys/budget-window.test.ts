import { describe, expect, it } from 'vitest';
import { budgetWindow, spendWindows } from './budget-window.js';

const created = Date.UTC(2025, 0, 15, 8);

describe('budgetWindow', () => {
  it('is the UTC day from midnight', () => {
    expect(budgetWindow('day', Date.UTC(2026, 1, 28, 23, 59, 59, 999), created)).toEqual({
      id: 'day:2026-02-28',
      start: Date.UTC(2026, 1, 28),
      end: Date.UTC(2026, 2, 1),
    });
    expect(budgetWindow('day', Date.UTC(2026, 2, 1), created).id).toBe('day:2026-03-01');
  });

  it('is the UTC month from the first, across leap years and the new year', () => {
    expect(budgetWindow('month', Date.UTC(2028, 1, 29, 12), created)).toEqual({
      id: 'month:2028-02',
      start: Date.UTC(2028, 1, 1),
      end: Date.UTC(2028, 2, 1),
    });
    expect(budgetWindow('month', Date.UTC(2026, 11, 31, 23, 59), created)).toEqual({
      id: 'month:2026-12',
      start: Date.UTC(2026, 11, 1),
      end: Date.UTC(2027, 0, 1),
    });
  });

  it('is the key’s whole life for total', () => {
    expect(budgetWindow('total', Date.UTC(2030, 5, 1), created)).toEqual({
      id: 'total',
      start: created,
      end: null,
    });
  });

  it('gives the three windows spend is added to', () => {
    const ids = spendWindows(Date.UTC(2026, 10, 30, 23, 30), created).map((window) => window.id);
    expect(ids).toEqual(['day:2026-11-30', 'month:2026-11', 'total']);
  });
});
