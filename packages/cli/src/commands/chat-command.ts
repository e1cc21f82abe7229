import { Command, Option } from 'commander';
import { runChat, type ChatOptions } from '../chat/run-chat.js';
import type { CliContext } from '../cli-context.js';
import { integerArgument } from '../options/integer-argument.js';
import { numberArgument } from '../options/number-argument.js';

/**
 * `bulwark chat [prompt]` (the CLI README): one chat completion from the shell.
 *
 * @param context - streams, environment and interrupt signal.
 */
export function createChatCommand(context: CliContext): Command {
  return new Command('chat')
    .description('Send one prompt (argument or stdin) and print the answer as it streams in.')
    .argument('[prompt]', 'the prompt; read from stdin when omitted and stdin is not a terminal')
    .option('-m, --model <model>', 'model (default: BULWARK_MODEL or gpt-4-1106-preview)')
    .option('-s, --system <text>', 'system message sent before the prompt')
    .addOption(
      new Option('-t, --temperature <number>', 'sampling temperature, 0–2').argParser(
        numberArgument,
      ),
    )
    .addOption(
      new Option('--max-tokens <count>', 'upper bound of completion tokens').argParser(
        integerArgument(1),
      ),
    )
    .option('--json', 'print the whole ChatCompletion as one line of JSON (no streaming)', false)
    .option('--no-stream', 'wait for the whole answer instead of streaming it')
    .option('--base-url <url>', 'upstream base URL (default: OPENAI_BASE_URL)')
    .addHelpText(
      'after',
      '\nExamples:\n  bulwark chat "Write a haiku about retries"\n  cat question.txt | bulwark chat --system "Answer briefly" --json\n',
    )
    .action(async (prompt: string | undefined, options: ChatOptions) => {
      await runChat(prompt, options, context);
    });
}
