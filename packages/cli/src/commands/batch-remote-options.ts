import { Command, InvalidArgumentError, Option } from 'commander';
import type { CliContext } from '../cli-context.js';
import { runRemoteCancel, runRemoteStatus } from '../batch/remote/run-remote-status.js';
import { integerArgument } from '../options/integer-argument.js';
import { BATCH_FILE_LIMITS } from '../batch/remote/split-batch-input.js';

/**
 * Adds the flags of `bulwark batch --remote` to the batch command:
 * `--remote`, `--no-wait`, and the hidden `--rows-per-batch` and
 * `--poll-interval-ms`.
 *
 * @param command - the batch command.
 */
export function addRemoteBatchOptions(command: Command): Command {
  return command
    .option('--remote', "run the file through OpenAI's Batch API (/v1/files, /v1/batches)", false)
    .option('--no-wait', 'with --remote: submit, collect what has ended, and exit')
    .addOption(
      new Option('--rows-per-batch <rows>', 'with --remote: rows per batch at most (default 50000)')
        .argParser(rowsPerBatchArgument)
        .hideHelp(),
    )
    .addOption(
      new Option('--poll-interval-ms <ms>', 'with --remote: first wait between polls')
        .argParser(integerArgument(1))
        .hideHelp(),
    )
    .addHelpText(
      'after',
      "\nWith --remote (and -o), the file goes through OpenAI's Batch API, split past 50,000\n" +
        'rows or 200 MB; <output>.remote.json records every step, so after a crash or --no-wait\n' +
        'the same command carries on and never creates a batch twice. The output holds every\n' +
        'custom_id once, in input order.\n',
    );
}

function rowsPerBatchArgument(value: string): number {
  const rows = integerArgument(1)(value);
  if (rows > BATCH_FILE_LIMITS.maxRows) {
    throw new InvalidArgumentError(`at most ${BATCH_FILE_LIMITS.maxRows} (the Batch API's limit)`);
  }
  return rows;
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
