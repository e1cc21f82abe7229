import { InvalidArgumentError } from 'commander';

/**
 * A commander argument parser for finite decimal numbers; a bad value is a
 * usage error (exit code 2). Range checks are left to core's request
 * validation, which knows each field's bounds.
 *
 * @param value - the raw argument.
 */
export function numberArgument(value: string): number {
  const parsed = Number(value.trim());
  if (value.trim() === '' || !Number.isFinite(parsed)) {
    throw new InvalidArgumentError('expected a number');
  }
  return parsed;
}
