import { parseArgs } from 'node:util';
import type { MockServerOptions } from '../server/start-mock-server.js';

/** Usage text of `bulwark-mock --help`. */
export const BIN_USAGE = `Usage: bulwark-mock [options]

Serves a fake OpenAI chat API (POST /v1/chat/completions, GET /v1/models).

Options:
  --host <host>          interface to listen on (env BULWARK_HOST, default 127.0.0.1)
  --port <port>          port to listen on (env BULWARK_PORT, default 8787)
  --rpm <n>              enforce a requests-per-minute limit
  --tpm <n>              enforce a tokens-per-minute limit
  --seed <n>             seed of the chaos generator (default 1)
  --error-rate <0..1>    share of requests answered with a random fault
  --latency-ms <n>       add a random latency up to n ms
  -h, --help             show this help`;

function toNumber(name: string, value: string | undefined): number | undefined {
  if (value === undefined || value === '') return undefined;
  const number = Number(value);
  if (!Number.isFinite(number) || number < 0) {
    throw new Error(`--${name} expects a non-negative number, got ${JSON.stringify(value)}`);
  }
  return number;
}

/**
 * Turns the command line and environment of `bulwark-mock` into server options.
 * @throws Error on an unknown flag or a value that is not a number.
 * @internal
 */
export function parseBinOptions(
  args: string[],
  env: Record<string, string | undefined>,
): { help: true } | { help: false; options: MockServerOptions } {
  const { values } = parseArgs({
    args,
    options: {
      host: { type: 'string' },
      port: { type: 'string' },
      rpm: { type: 'string' },
      tpm: { type: 'string' },
      seed: { type: 'string' },
      'error-rate': { type: 'string' },
      'latency-ms': { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
    strict: true,
  });
  if (values.help) return { help: true };
  const rpm = toNumber('rpm', values.rpm);
  const tpm = toNumber('tpm', values.tpm);
  const seed = toNumber('seed', values.seed);
  const errorRate = toNumber('error-rate', values['error-rate']);
  const latencyMs = toNumber('latency-ms', values['latency-ms']);
  const options: MockServerOptions = {
    host: values.host ?? env['BULWARK_HOST'] ?? '127.0.0.1',
    port: toNumber('port', values.port ?? env['BULWARK_PORT']) ?? 8787,
  };
  if (rpm !== undefined || tpm !== undefined) {
    options.rateLimit = {
      ...(rpm === undefined ? {} : { rpm }),
      ...(tpm === undefined ? {} : { tpm }),
    };
  }
  if (seed !== undefined || errorRate !== undefined || latencyMs !== undefined) {
    options.chaos = {
      ...(seed === undefined ? {} : { seed }),
      ...(errorRate === undefined ? {} : { errorRate }),
      ...(latencyMs === undefined ? {} : { latencyMs }),
    };
  }
  return { help: false, options };
}
