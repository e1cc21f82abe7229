// The `bulwark serve` paths of the gateway benchmark, started as a user
// starts them, and the OTLP sink's counts. See gateway.bench.ts.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startListeningChild, type ListeningChild } from '../../../bench/src/child-process.js';

const CLI_BIN = join(dirname(fileURLToPath(import.meta.url)), '../../cli/dist/bin.js');

/** What a `bulwark serve` path adds to the plain one. */
export interface ServeVariant {
  /** A routes file whose primary deployment is down. */
  fallback?: boolean;
  /** The OTLP endpoint to export traces and metrics to. */
  otlpEndpoint?: string;
}

/**
 * `bulwark serve` as a user runs it: the built CLI, its settings from a
 * `.env` file. With `fallback`, it has a routes file whose primary
 * deployment answers every call with a 503 (the upstream's `/down/` path)
 * and whose secondary is the upstream itself. With `otlpEndpoint`, it
 * exports to it (the OpenTelemetry SDK reads its settings from the
 * process's environment, not from `.env`); without, no `OTEL_*` variable of
 * this process reaches it.
 */
export async function startBulwarkServe(
  upstream: string,
  { fallback = false, otlpEndpoint }: ServeVariant = {},
): Promise<ListeningChild> {
  const folder = mkdtempSync(join(tmpdir(), 'bulwark-bench-'));
  const variables = [
    'OPENAI_API_KEY=sk-bench.not-a-real-key-000000',
    `OPENAI_BASE_URL=${upstream}`,
  ];
  if (fallback) {
    const { origin } = new URL(upstream);
    const key = { apiKeyEnv: 'OPENAI_API_KEY' };
    const routes = {
      deployments: {
        primary: { provider: 'openai', baseURL: `${origin}/down/v1`, ...key },
        secondary: { provider: 'openai', baseURL: upstream, ...key },
      },
      routes: { 'gpt-4-1106-preview': { deployments: ['primary', 'secondary'] } },
    };
    writeFileSync(join(folder, 'routes.json'), JSON.stringify(routes));
    variables.push('BULWARK_ROUTES_FILE=routes.json');
  }
  writeFileSync(join(folder, '.env'), `${variables.join('\n')}\n`);
  const env = Object.fromEntries(
    Object.entries(process.env).filter(([name]) => !name.startsWith('OTEL_')),
  );
  if (otlpEndpoint !== undefined) env['OTEL_EXPORTER_OTLP_ENDPOINT'] = otlpEndpoint;
  return startListeningChild([CLI_BIN, 'serve', '--port', '0'], { cwd: folder, env });
}

/** Export requests the sink took, per path (`/v1/traces`, `/v1/metrics`). */
export async function sinkStats(sink: string): Promise<Record<string, { requests: number }>> {
  const response = await fetch(`${sink}/stats`);
  return (await response.json()) as Record<string, { requests: number }>;
}
