import { InvalidArgumentError } from 'commander';

/**
 * A commander argument parser for whole numbers of at least `minimum`; a
 * bad value is a usage error (exit code 2).
 *
 * @param minimum - the smallest accepted value.
 * @example
 * ```ts
 * new Option('--rpm <requests>').argParser(integerArgument(0));
 * ```
 */
export function integerArgument(minimum: number): (value: string) => number {
  return (value) => {
    const parsed = Number(value.trim());
    if (!/^\d+$/.test(value.trim()) || !Number.isSafeInteger(parsed) || parsed < minimum) {
      throw new InvalidArgumentError(`expected a whole number ≥ ${minimum}`);
    }
    return parsed;
  };
}
