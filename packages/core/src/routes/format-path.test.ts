import { describe, expect, it } from 'vitest';
import { formatPath } from './format-path.js';

describe('formatPath', () => {
  it('joins plain keys with dots and indexes with brackets', () => {
    expect(formatPath(['routes', 'gpt-4o', 'deployments', 1])).toBe('routes.gpt-4o.deployments[1]');
  });

  it('quotes keys a dot would split', () => {
    expect(formatPath(['routes', 'gpt-4.1', 'deployments', 0])).toBe(
      'routes["gpt-4.1"].deployments[0]',
    );
    expect(formatPath(['a b'])).toBe('["a b"]');
  });

  it('is empty for the root', () => {
    expect(formatPath([])).toBe('');
  });
});
