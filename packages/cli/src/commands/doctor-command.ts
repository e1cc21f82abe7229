import { Command, Option } from 'commander';
import type { CliContext } from '../cli-context.js';
import { runDoctor, type DoctorOptions } from '../doctor/run-doctor.js';
import { integerArgument } from '../options/integer-argument.js';

/**
 * `bulwark doctor` (the CLI README): checks configuration, key, upstream, deployments and limits.
 *
 * @param context - streams, environment and interrupt signal.
 */
export function createDoctorCommand(context: CliContext): Command {
  return new Command('doctor')
    .description(
      'Check the configuration, the API key (masked), the upstream (GET /models, latency), ' +
        'each deployment of the routes, and print the effective limits. ' +
        'Exit 2 for a configuration problem, 1 when the upstream or a deployment fails.',
    )
    .option('--base-url <url>', 'upstream base URL (default: OPENAI_BASE_URL)')
    .option(
      '--routes <file>',
      'routes file whose deployments are checked too (default: BULWARK_ROUTES_FILE)',
    )
    .addOption(
      new Option('--timeout-ms <ms>', 'longest wait for the upstream (default: 10000)').argParser(
        integerArgument(1),
      ),
    )
    .action(async (options: DoctorOptions) => {
      await runDoctor(options, context);
    });
}
