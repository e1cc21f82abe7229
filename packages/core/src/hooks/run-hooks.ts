import { HookError } from '../errors/errors.js';
import type { HookListName } from '../errors/errors.js';
import type { HookContext } from './hooks.js';

/**
 * Runs hooks one after the other, each on the previous one's result; a hook
 * that returns `undefined` keeps the value as it is.
 *
 * @param kind - which list runs, for the error.
 * @param hooks - the hooks, in order.
 * @param value - the request or completion.
 * @param context - the call's context.
 * @returns the value after every hook.
 * @throws {@link HookError} when a hook throws or rejects, with its error as `cause`.
 */
export async function runHooks<T>(
  kind: HookListName,
  hooks: readonly ((value: T, context: HookContext) => T | undefined | Promise<T | undefined>)[],
  value: T,
  context: HookContext,
): Promise<T> {
  let current = value;
  for (const [index, hook] of hooks.entries()) {
    try {
      const result = await hook(current, context);
      if (result !== undefined) current = result;
    } catch (error) {
      throw new HookError({ hook: kind, index, cause: error });
    }
  }
  return current;
}
