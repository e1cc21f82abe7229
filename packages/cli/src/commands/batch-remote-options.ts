import { Command, Option } from 'commander';
import type { CliContext } from '../cli-context.js';
import { runRemoteCancel, runRemoteStatus } from '../batch/remote/run-remote-status.js';
import { integerArgument } from '../options/integer-argument.js';

/**
 * Adds the flags of `bulwark batch --remote` to the batch command:
 * `--remote`, `--no-wait`, and the hidden `--poll-interval-ms`.
 *
 * @param command - the batch command.
 */
export function addRemoteBatchOptions(command: Command): Command {
  return command
    .option('--remote', "run the file through OpenAI's Batch API (/v1/files, /v1/batches)", false)
    .option('--no-wait', 'with --remote: submit, collect what has ended, and exit')
    .addOption(
      new Option('--poll-interval-ms <ms>', 'with --remote: first wait between polls')
        .argParser(integerArgument(1))
        .hideHelp(),
    );
}

/**
 * `bulwark batch status <output.jsonl>` and `bulwark batch cancel
 * <output.jsonl>`, for a run made with `--remote`.
 *
 * @param context - streams, environment and interrupt signal.
 */
export function createRemoteBatchSubcommands(context: CliContext): Command[] {
  const make = (name: string, description: string, run: typeof runRemoteStatus): Command =>
    new Command(name)
      .description(description)
      .argument('<output>', 'the output file given to bulwark batch --remote with -o')
      .option('--base-url <url>', 'upstream base URL (default: OPENAI_BASE_URL)')
      .action(async (output: string, options: { baseUrl?: string }) => {
        await run(output, options, context);
      });
  return [
    make('status', 'show the batches of a --remote run', runRemoteStatus),
    make('cancel', 'cancel the batches of a --remote run that have not ended', runRemoteCancel),
  ];
}
