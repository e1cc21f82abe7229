import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import * as core from '@bulwark/core';
import {
  BulwarkError,
  ConfigError,
  HookError,
  SchemaMismatchError,
  ValidationError,
  toOpenAIErrorResponse,
} from '@bulwark/core';
import { describe, expect, it } from 'vitest';

interface DocumentedError {
  name: string;
  code: string;
  retryable: boolean;
  gateway: string;
}

function documentedErrors(): DocumentedError[] {
  const markdown = readFileSync(fileURLToPath(new URL('../errors.md', import.meta.url)), 'utf8');
  const table = markdown.split('<!-- errors-table')[1]?.split('<!-- /errors-table -->')[0] ?? '';
  return table
    .split('\n')
    .filter((line) => /^\| `[A-Z]/.test(line))
    .map((line) => {
      const cells = line.split('|').map((cell) => cell.trim());
      const code = /`([a-z_]+)`/.exec(cells[2] ?? '')?.[1] ?? '';
      return {
        name: (cells[1] ?? '').replaceAll('`', ''),
        code,
        retryable: cells[4] === 'yes',
        gateway: cells[5] ?? '',
      };
    });
}

/** One instance of an exported error class, built with the fewest options it takes. */
function instanceOf(name: string): BulwarkError {
  const message = 'documented';
  switch (name) {
    case 'ValidationError':
      return new ValidationError({ message, issues: [] });
    case 'SchemaMismatchError':
      return new SchemaMismatchError({ message, rawText: '{}', issues: [] });
    case 'HookError':
      return new HookError({ hook: 'beforeRequest', index: 0, cause: new Error('hook') });
    case 'ConfigError':
      return new ConfigError({ issues: [] });
    default: {
      const Constructor = (
        core as unknown as Record<string, new (options: object) => BulwarkError>
      )[name];
      if (Constructor === undefined) throw new Error(`@bulwark/core exports no ${name}`);
      return new Constructor({ message });
    }
  }
}

const exportedErrorClasses = Object.entries(core)
  .filter(
    ([, value]) =>
      typeof value === 'function' &&
      value !== BulwarkError &&
      value.prototype instanceof BulwarkError,
  )
  .map(([name]) => name)
  .sort();

describe('docs/errors.md', () => {
  const rows = documentedErrors();

  it('lists every error class @bulwark/core exports, once', () => {
    expect(rows.map((row) => row.name).sort()).toEqual(exportedErrorClasses);
  });

  it.each(rows)('$name has the documented code, retryability and gateway status', (row) => {
    const error = instanceOf(row.name);
    const errorClass = (core as unknown as Record<string, { isInstance(value: unknown): boolean }>)[
      row.name
    ];
    expect(errorClass?.isInstance(error)).toBe(true);
    expect(BulwarkError.isInstance(error)).toBe(true);
    expect(error.code).toBe(row.code);
    expect(error.retryable).toBe(row.retryable);
    const { status } = toOpenAIErrorResponse(error);
    // BadRequestError keeps the upstream status ("same"): 400 when there was none.
    expect(String(status)).toBe(row.gateway === 'same' ? '400' : row.gateway);
  });
});
