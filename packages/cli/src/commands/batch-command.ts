import { Command, Option } from 'commander';
import { DEFAULT_BATCH_MAX_WAIT_MS, runBatch, type BatchOptions } from '../batch/run-batch.js';
import { runRemoteBatch } from '../batch/remote/run-remote-batch.js';
import type { CliContext } from '../cli-context.js';
import { integerArgument } from '../options/integer-argument.js';
import { UsageError } from '../errors/usage-error.js';
import { addRemoteBatchOptions, createRemoteBatchSubcommands } from './batch-remote-options.js';

/**
 * `bulwark batch <input.jsonl> [-o output.jsonl]` (the CLI README): OpenAI Batch
 * API files run locally, concurrently, crash-safe and resumable.
 *
 * @param context - streams, environment and interrupt signal.
 */
export function createBatchCommand(context: CliContext): Command {
  const command = new Command('batch')
    .description(
      'Run an OpenAI Batch API input file (JSONL) through the resilient client; ' +
        'rerun the same command to resume after a crash.',
    )
    .argument(
      '<input>',
      'input JSONL: {"custom_id","method":"POST","url":"/v1/chat/completions","body"}',
    )
    .option('-o, --output <file>', 'output JSONL (default: <input>.output.jsonl)')
    .addOption(
      new Option('--rpm <requests>', 'requests per minute (default: BULWARK_RPM)').argParser(
        integerArgument(0),
      ),
    )
    .addOption(
      new Option('--tpm <tokens>', 'tokens per minute (default: BULWARK_TPM)').argParser(
        integerArgument(0),
      ),
    )
    .addOption(
      new Option(
        '--max-concurrency <rows>',
        'rows in flight at most (default: BULWARK_MAX_CONCURRENCY or 32)',
      ).argParser(integerArgument(1)),
    )
    .addOption(
      new Option(
        '--max-wait <ms>',
        'how long an open circuit may keep rows waiting before they fail with circuit_open (0: at once)',
      )
        .argParser(integerArgument(0))
        .default(DEFAULT_BATCH_MAX_WAIT_MS, `${DEFAULT_BATCH_MAX_WAIT_MS}, 5 minutes`),
    )
    .option('--retry-failed', 'run again the rows whose output line is an error', false)
    .option('--base-url <url>', 'upstream base URL (default: OPENAI_BASE_URL)')
    .addOption(
      new Option(
        '--progress-interval-ms <ms>',
        'plain progress line interval when stderr is not a terminal (0: none)',
      )
        .argParser(integerArgument(0))
        .hideHelp(),
    )
    .addHelpText(
      'after',
      '\nEach result is appended to the output as soon as it completes. After a crash, run the\n' +
        'same command again: rows already in the output are skipped, so every custom_id ends\n' +
        'up in the output exactly once. Exit code 1 when rows failed, 2 for invalid input.\n',
    )
    .addHelpText(
      'after',
      'When the upstream keeps failing, the circuit breaker opens and rows wait for it to\n' +
        'half-open and close instead of failing; only an outage longer than --max-wait fails\n' +
        'them (code circuit_open; rerun with --retry-failed). SIGINT or SIGTERM stops the run\n' +
        '(exit code 130) with a summary of the rows done, failed and not run.\n',
    )
    .action(async (input: string, options: BatchOptions & RemoteFlags) => {
      if (options.remote) await runRemoteBatch(input, options, context);
      else if (!options.wait) throw new UsageError('--no-wait needs --remote');
      else await runBatch(input, options, context);
    });
  for (const subcommand of createRemoteBatchSubcommands(context)) command.addCommand(subcommand);
  return addRemoteBatchOptions(command);
}

/** The flags of `--remote` runs (see `addRemoteBatchOptions`). */
interface RemoteFlags {
  remote: boolean;
  wait: boolean;
  pollIntervalMs?: number;
}
