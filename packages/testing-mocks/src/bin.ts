import { parseBinOptions, BIN_USAGE } from './cli/parse-bin-options.js';
import { startMockServer } from './server/start-mock-server.js';

async function main(): Promise<void> {
  let parsed: ReturnType<typeof parseBinOptions>;
  try {
    parsed = parseBinOptions(process.argv.slice(2), process.env);
  } catch (error) {
    process.stderr.write(
      `bulwark-mock: ${error instanceof Error ? error.message : String(error)}\n`,
    );
    process.stderr.write(`${BIN_USAGE}\n`);
    process.exitCode = 2;
    return;
  }
  if (parsed.help) {
    process.stdout.write(`${BIN_USAGE}\n`);
    return;
  }
  const server = await startMockServer(parsed.options);
  process.stdout.write(`Mock OpenAI listening on ${server.url}\n`);
  const stop = (): void => {
    server.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

main().catch((error: unknown) => {
  process.stderr.write(`bulwark-mock: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = 1;
});
