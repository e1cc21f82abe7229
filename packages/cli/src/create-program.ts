import { Command } from 'commander';
import packageJson from '../package.json' with { type: 'json' };
import type { CliContext } from './cli-context.js';
import { createBatchCommand } from './commands/batch-command.js';
import { createChatCommand } from './commands/chat-command.js';
import { createDoctorCommand } from './commands/doctor-command.js';
import { createKeysCommand } from './commands/keys-command.js';
import { createServeCommand } from './commands/serve-command.js';
import { createPainter } from './io/paint.js';
import { useColor } from './io/use-color.js';

/**
 * Builds the `bulwark` command line: `--help` and `--version` everywhere,
 * output to the context's streams (never straight to `process`), and usage
 * errors thrown as `CommanderError` (see `runCli`) instead of exiting.
 *
 * Each command lives in its own file under `commands/` as a
 * `createXCommand(context)` factory and is listed here.
 *
 * @param context - streams, environment, working folder and interrupt signal.
 * @returns the program; `runCli` parses arguments with it.
 * @example
 * ```ts
 * await createProgram(context).parseAsync(['chat', 'Hello'], { from: 'user' });
 * ```
 */
export function createProgram(context: CliContext): Command {
  const paint = createPainter(useColor(context.stderr, context.env));
  const program = new Command('bulwark')
    .description('Resilient, cached, rate-limited OpenAI chat completions from the shell.')
    .version(packageJson.version, '-V, --version', 'print the version')
    .helpOption('-h, --help', 'show help')
    .helpCommand(false)
    .showSuggestionAfterError()
    .exitOverride()
    .configureOutput({
      writeOut: (text) => context.stdout.write(text),
      writeErr: (text) => context.stderr.write(text),
      outputError: (text, write) => write(paint('red', text)),
      getOutHasColors: () => useColor(context.stdout, context.env),
      getErrHasColors: () => useColor(context.stderr, context.env),
    });
  // One factory per command, each in its own file under commands/.
  const commands: Command[] = [
    createChatCommand(context),
    createBatchCommand(context),
    createDoctorCommand(context),
    createServeCommand(context),
    createKeysCommand(context),
  ];
  for (const command of commands) {
    program.addCommand(command.copyInheritedSettings(program));
    // Their subcommands (`keys create`, …) report through the context and never exit either.
    for (const subcommand of command.commands) subcommand.copyInheritedSettings(command);
  }
  return program;
}
