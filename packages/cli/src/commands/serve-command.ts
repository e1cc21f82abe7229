import type { BulwarkConfig } from '@bulwark/core';
import {
  createNodeGateway,
  listenGateway,
  type GatewayServer,
} from '@bulwark/express-adapter/node';
import type { KeyStore } from '@bulwark/express-adapter/keys';
import { createMockOpenAI } from '@bulwark/testing-mocks';
import { Command, Option } from 'commander';
import type { CliContext } from '../cli-context.js';
import { loadCliConfig } from '../config/load-cli-config.js';
import { integerArgument } from '../options/integer-argument.js';
import { describeListenError } from './listen-error.js';
import { openGatewayKeyStore } from './open-gateway-key-store.js';
import { processSignals, type ServeSignals } from './serve-signals.js';
import { startOtelExport } from '../telemetry/start-otel-export.js';

/** Flags of `bulwark serve`. */
interface ServeOptions {
  /** Listen port; 0 picks a free one. */
  port?: number | undefined;
  /** Listen address. */
  host?: string | undefined;
  /** Serve from the built-in mock upstream. */
  mock: boolean;
  /** Routes file, instead of `BULWARK_ROUTES_FILE`. */
  routes?: string | undefined;
  /** Allow a non-loopback host without API keys. */
  insecureNoAuth: boolean;
  /** Requests per minute per caller; 0 turns the limit off. */
  callerRpm?: number | undefined;
}

/**
 * Runs the gateway on `node:http` with the framework-free handler (no
 * Express): configuration from flags over the environment (defaults
 * 127.0.0.1:8787, no per-caller limit), the routes file of `--routes` or
 * `BULWARK_ROUTES_FILE` (docs/routes.md), the built-in mock upstream when
 * there is neither an `OPENAI_API_KEY` nor routes, or with `--mock`
 * (announced on start), the key store when it has keys (docs/keys.md;
 * announced too), then listens until SIGTERM or SIGINT and shuts down
 * gracefully (requests in flight drain within 10 s, the log is flushed). Log lines (JSON) go to
 * stdout, written asynchronously when it is the process's own. With an OTLP
 * endpoint in the standard `OTEL_*` variables it exports traces and metrics
 * through the OpenTelemetry SDK (docs/observability.md), announced on start
 * and flushed after the drain.
 *
 * @param options - the command's flags.
 * @param context - streams, environment and interrupt signal.
 * @param signals - where SIGTERM comes from (a test passes its own).
 * @throws `ConfigError` (exit code 2) for bad settings, before listening:
 * a bad routes file (each bad entry named), a non-loopback host without
 * `BULWARK_API_KEYS` and without `--insecure-no-auth`, or a bad `OTEL_*`
 * endpoint, protocol or export interval; `CliError` (exit code 2) when the
 * port is in use or may not be opened, or the host is not this machine's.
 */
async function runServe(
  options: ServeOptions,
  context: CliContext,
  signals: ServeSignals = processSignals,
): Promise<void> {
  const config = loadCliConfig(context, {
    gateway: {
      ...(options.host === undefined ? {} : { host: options.host }),
      ...(options.port === undefined || options.port === 0 ? {} : { port: options.port }),
    },
    routesFile: options.routes,
  });
  // Before the client exists: core takes its tracer and meters from the SDK registered here.
  const telemetry = await startOtelExport(context.env, context.stderr);
  try {
    await serveUntilStopped(options, context, signals, config, telemetry?.description);
  } finally {
    // After the drain, so that the last calls' spans and metrics are exported too.
    await telemetry?.shutdown(context.stderr);
  }
}

/** Opens the key store, serves, and closes the store after the drain. */
async function serveUntilStopped(
  options: ServeOptions,
  context: CliContext,
  signals: ServeSignals,
  config: BulwarkConfig,
  telemetry: string | undefined,
): Promise<void> {
  const keyStore = await openGatewayKeyStore(config, context);
  try {
    await serveWith(options, context, signals, config, telemetry, keyStore);
  } finally {
    await keyStore?.close(); // after the drain: the last calls settle their spend first
  }
}

/** Builds the gateway, listens (announcing where telemetry goes), and drains it on SIGTERM or SIGINT. */
async function serveWith(
  options: ServeOptions,
  context: CliContext,
  signals: ServeSignals,
  config: BulwarkConfig,
  telemetry: string | undefined,
  keyStore: KeyStore | undefined,
): Promise<void> {
  // With routes, the deployments are the upstreams: no key is needed, and no mock stands in.
  const useMock = options.mock || (config.apiKey === undefined && config.routes === undefined);
  const gateway = createNodeGateway(config, {
    keyStore,
    insecureNoAuth: options.insecureNoAuth,
    // pino writes the process's own stdout asynchronously (process.stdout blocks on files, pipes).
    ...(context.stdout === process.stdout
      ? {}
      : { logDestination: { write: (line: string) => context.stdout.write(line) } }),
    ...(options.callerRpm === undefined ? {} : { callerRpm: options.callerRpm }),
    ...(useMock ? { fetch: createMockOpenAI().fetch } : {}),
  });
  if (useMock) {
    const reason = options.mock ? '--mock' : 'no OPENAI_API_KEY set';
    context.stdout.write(`Using the built-in mock upstream (${reason})\n`);
  } else if (config.routes !== undefined) {
    const routes = Object.keys(config.routes.routes);
    const deployments = Object.keys(config.routes.deployments);
    context.stdout.write(
      `Using ${count(routes, 'route')} over ${count(deployments, 'deployment')} (${deployments.join(', ')})\n`,
    );
  }
  const target = { host: config.gateway.host, port: options.port === 0 ? 0 : config.gateway.port };
  let server: GatewayServer;
  try {
    server = await listenGateway(gateway, target);
  } catch (error) {
    await gateway.gateway.close();
    throw describeListenError(error, target) ?? error;
  }
  context.stdout.write(`Bulwark gateway listening on ${server.url}/v1\n`);
  if (telemetry !== undefined) context.stdout.write(`${telemetry}\n`);
  await new Promise<void>((resolve) => {
    const stop = () => {
      removeTerminate();
      context.signal.removeEventListener('abort', stop);
      resolve();
    };
    const removeTerminate = signals.onTerminate(stop);
    context.signal.addEventListener('abort', stop, { once: true });
  });
  context.stderr.write('Shutting down: draining requests in flight…\n');
  await server.close();
}

/** `3 routes`, `1 route`. */
function count(items: readonly unknown[], noun: string): string {
  return `${items.length} ${noun}${items.length === 1 ? '' : 's'}`;
}

/**
 * `bulwark serve`: the OpenAI-compatible gateway, until SIGTERM or SIGINT
 * (see docs/architecture.md).
 *
 * @param context - streams, environment and interrupt signal.
 * @param signals - where SIGTERM comes from. @default the process
 */
export function createServeCommand(
  context: CliContext,
  signals: ServeSignals = processSignals,
): Command {
  return new Command('serve')
    .description(
      'Run the OpenAI-compatible gateway (POST /v1/chat/completions, /v1/models, /metrics, status page at /).',
    )
    .addOption(
      new Option(
        '-p, --port <port>',
        'port; 0 picks a free one (default: BULWARK_PORT or 8787)',
      ).argParser(integerArgument(0)),
    )
    .option('--host <host>', 'listen address (default: BULWARK_HOST or 127.0.0.1)')
    .option('--mock', 'serve from the built-in mock upstream, even with OPENAI_API_KEY set', false)
    .option(
      '--routes <file>',
      'routes file of deployments (YAML or JSON, docs/routes.md) (default: BULWARK_ROUTES_FILE)',
    )
    .addOption(
      new Option(
        '--caller-rpm <requests>',
        'requests per minute per caller (gateway key, else IP); 0 = off (default: BULWARK_CALLER_RPM or 0)',
      ).argParser(integerArgument(0)),
    )
    .option(
      '--insecure-no-auth',
      'listen on a non-loopback host although BULWARK_API_KEYS is empty',
      false,
    )
    .addHelpText(
      'after',
      '\nExamples:\n  bulwark serve\n  BULWARK_API_KEYS=$(openssl rand -hex 24) bulwark serve --host 0.0.0.0 --port 8080\n',
    )
    .action(async (options: ServeOptions) => {
      await runServe(options, context, signals);
    });
}
