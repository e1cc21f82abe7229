import type { CliContext } from '../cli-context.js';
import { UsageError } from '../errors/usage-error.js';
import { readText } from '../io/read-text.js';

/**
 * The prompt of `bulwark chat`: the argument when given, else stdin when it
 * is not a terminal (`echo hi | bulwark chat`).
 *
 * @param argument - the positional prompt, if any.
 * @param context - the CLI's stdin and interrupt signal.
 * @throws {@link UsageError} when there is no prompt, or it is empty.
 */
export async function resolvePrompt(
  argument: string | undefined,
  context: CliContext,
): Promise<string> {
  if (argument !== undefined) {
    if (argument.trim() === '') throw new UsageError('The prompt is empty');
    return argument;
  }
  if (context.stdin.isTTY === true) {
    throw new UsageError('No prompt: pass one as an argument or pipe it on stdin');
  }
  const text = await readText(context.stdin, context.signal);
  if (text.trim() === '') throw new UsageError('The prompt read from stdin is empty');
  return text.replace(/\r?\n$/, '');
}
