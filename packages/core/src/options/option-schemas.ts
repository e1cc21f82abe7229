import { z } from 'zod';

/** Largest delay `setTimeout` honours; above it Node fires after 1 ms. */
export const MAX_TIMER_MS = 2_147_483_647;

/**
 * A whole number from `minimum` to `maximum`. Every failure, a non-number
 * (such as the `NaN` of an unparsable environment variable) included, has
 * the same message, which states the accepted range.
 *
 * @param minimum - the smallest accepted value.
 * @param maximum - the largest accepted value; without it, any safe integer.
 */
export function wholeNumber(minimum: number, maximum?: number) {
  const error =
    maximum === undefined
      ? `expected a whole number ≥ ${minimum}`
      : `expected a whole number from ${minimum} to ${maximum}`;
  return z
    .number({ error })
    .int({ error })
    .min(minimum, { error })
    .max(maximum ?? Number.MAX_SAFE_INTEGER, { error });
}

/**
 * A duration in whole milliseconds that a Node timer honours.
 *
 * @param minimum - the shortest accepted duration.
 */
export function milliseconds(minimum: number) {
  return wholeNumber(minimum, MAX_TIMER_MS);
}

/**
 * A value that `check` accepts, typed `T`: for the options that only code
 * gives (functions, connections, stores), whose type zod cannot check
 * beyond their shape. `message` says what is expected.
 *
 * @param check - tells an acceptable value.
 * @param message - the message otherwise.
 */
export function customValue<T>(check: (value: unknown) => boolean, message: string) {
  return z.custom<T>((value) => check(value), { error: message });
}

/** Tells a function. */
export function isFunction(value: unknown): boolean {
  return typeof value === 'function';
}

/** Tells a non-null object. */
export function isObject(value: unknown): boolean {
  return typeof value === 'object' && value !== null;
}

/**
 * A check for objects that have every method in `names`.
 *
 * @param names - the methods the object must have.
 */
export function hasMethods(...names: string[]): (value: unknown) => boolean {
  return (value) =>
    isObject(value) &&
    names.every((name) => typeof (value as Record<string, unknown>)[name] === 'function');
}
