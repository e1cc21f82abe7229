import { ConfigError, type BulwarkConfig } from '@bulwark/core';
import { findModel, DEFAULT_MODELS } from '@bulwark/core/models';
import type { CliContext } from '../cli-context.js';
import { loadCliConfig } from '../config/load-cli-config.js';
import { CliError } from '../errors/cli-error.js';
import { EXIT_CODES, type ExitCode } from '../errors/exit-codes.js';
import { createPainter } from '../io/paint.js';
import { useColor } from '../io/use-color.js';
import { writeText } from '../io/write-text.js';
import { describeOtelExport } from '../telemetry/describe-otel-export.js';
import { readOtelExportSettings } from '../telemetry/otel-export-settings.js';
import { checkDeployment } from './check-deployment.js';
import { checkRedis, describeRedisUrl } from './check-redis.js';
import { checkUpstream } from './check-upstream.js';

/** Flags of `bulwark doctor`. */
export interface DoctorOptions {
  /** Upstream base URL; else `OPENAI_BASE_URL`. */
  baseUrl?: string | undefined;
  /** Routes file; else `BULWARK_ROUTES_FILE`. */
  routes?: string | undefined;
  /** Longest wait for the upstream, in milliseconds. @default 10000 */
  timeoutMs?: number | undefined;
}

/**
 * Runs `bulwark doctor`: reports configuration problems by variable name,
 * whether a key is set (masked), whether the upstream answers
 * `GET /models` and how fast, with routes each deployment (its key masked,
 * its URL, its model list: see `checkDeployment`), whether Redis answers
 * `PING` and how fast (when `BULWARK_REDIS_URL` is set), and the effective
 * limits and OpenTelemetry export (bad `OTEL_*` settings are configuration
 * problems). With routes and no key, the key and the default upstream are not
 * required and not checked. Prints to stdout.
 *
 * @param options - the flags.
 * @param context - streams, environment and interrupt signal.
 * @throws `CliError` (already reported, empty message) with exit code 2 for a
 * configuration problem (a bad routes file included) or a missing key, 1 when
 * the upstream or a deployment is unreachable or refuses its key, or Redis
 * does not answer.
 */
export async function runDoctor(options: DoctorOptions, context: CliContext): Promise<void> {
  const paint = createPainter(useColor(context.stdout, context.env));
  const lines: string[] = [];
  let exitCode: ExitCode = EXIT_CODES.success;
  const report: Report = {
    ok: (text) => lines.push(`${paint('green', '✓')} ${text}`),
    bad: (text, code) => {
      lines.push(`${paint('red', '✗')} ${text}`);
      if (exitCode !== EXIT_CODES.usage) exitCode = code;
    },
    note: (text) => lines.push(`  ${text}`),
  };

  let config: BulwarkConfig | undefined;
  try {
    config = loadCliConfig(context, { baseURL: options.baseUrl, routesFile: options.routes });
    report.ok('configuration: valid');
  } catch (error) {
    if (!ConfigError.isInstance(error)) throw error;
    for (const issue of error.issues) {
      report.bad(`configuration: ${issue.name}: ${issue.message}`, EXIT_CODES.usage);
    }
  }
  const telemetry = describeTelemetry(context.env, report);

  if (config !== undefined) {
    const probe = { timeoutMs: options.timeoutMs, signal: context.signal };
    await checkKeyAndUpstream(config, probe, report);
    const deployments = Object.entries(config.routes?.deployments ?? {});
    const checks = await Promise.all(
      deployments.map(([name, deployment]) => checkDeployment(name, deployment, probe)),
    );
    for (const check of checks) {
      if (check.ok) report.ok(`deployment ${check.text}`);
      else report.bad(`deployment ${check.text}`, EXIT_CODES.failure);
    }
    if (config.redis.url !== undefined) {
      const where = describeRedisUrl(config.redis.url);
      const redis = await checkRedis({ url: config.redis.url, signal: context.signal });
      if (redis.reachable) {
        report.ok(`redis: ${where} answered PING in ${Math.round(redis.latencyMs)} ms`);
      } else {
        report.bad(`redis: ${where} ${redis.reason}`, EXIT_CODES.failure);
      }
    }
    lines.push(...describeLimits(config), `  telemetry  ${telemetry}`);
  } else {
    report.note('upstream: not checked until the configuration is fixed');
  }
  await writeText(context.stdout, `${lines.join('\n')}\n`);
  if (exitCode !== EXIT_CODES.success) {
    throw new CliError({ message: '', code: 'doctor_failed', exitCode });
  }
}

/** Where the checks write their lines. */
interface Report {
  ok(text: string): void;
  bad(text: string, code: ExitCode): void;
  note(text: string): void;
}

/**
 * The key and the default upstream (`baseURL`): required without routes;
 * with routes and no key, neither is used, so neither is checked.
 */
async function checkKeyAndUpstream(
  config: BulwarkConfig,
  probe: { timeoutMs: number | undefined; signal: AbortSignal },
  report: Report,
): Promise<void> {
  if (config.apiKey === undefined && config.routes !== undefined) {
    report.note('API key: not set (the routes need none; a model without a route fails)');
    return;
  }
  if (config.apiKey === undefined) {
    report.bad('API key: missing (set OPENAI_API_KEY or OPENAI_API_KEY_FILE)', EXIT_CODES.usage);
  } else {
    report.ok(`API key: ${config.apiKey.toString()}`);
  }
  const upstream = await checkUpstream({ config, ...probe });
  if (upstream.reachable) {
    const models = upstream.models === undefined ? '' : `, ${upstream.models} models`;
    report.ok(
      `upstream: ${config.baseURL} answered in ${Math.round(upstream.latencyMs)} ms (GET /models ${upstream.status}${models})`,
    );
  } else {
    report.bad(`upstream: ${config.baseURL} ${upstream.reason}`, EXIT_CODES.failure);
  }
}

/** What `bulwark serve` would export through OpenTelemetry; bad `OTEL_*` settings are reported. */
function describeTelemetry(env: CliContext['env'], report: Report): string {
  try {
    const settings = readOtelExportSettings(env);
    return settings === undefined
      ? 'no OpenTelemetry export (no OTEL_EXPORTER_OTLP_ENDPOINT)'
      : `OpenTelemetry ${describeOtelExport(settings)}`;
  } catch (error) {
    if (!ConfigError.isInstance(error)) throw error;
    for (const issue of error.issues) {
      report.bad(`configuration: ${issue.name}: ${issue.message}`, EXIT_CODES.usage);
    }
    return 'no OpenTelemetry export until the OTEL_* settings are fixed';
  }
}

function describeLimits(config: BulwarkConfig): string[] {
  const { retry, circuitBreaker, bulkhead, rateLimit, cache } = config;
  const model = findModel(DEFAULT_MODELS, config.model);
  const modelText =
    model === undefined
      ? `${config.model} (not in the model table: no preflight, no cost)`
      : `${config.model} (context ${model.contextWindow} tokens, output up to ${model.maxOutputTokens})`;
  const limit = (value: number) => (value === 0 ? 'off' : String(value));
  return [
    'effective settings:',
    `  model      ${modelText}`,
    `  timeout    ${config.timeoutMs} ms per attempt`,
    `  retry      ${retry.maxAttempts} attempts at most`,
    `  breaker    opens after ${circuitBreaker.threshold} failures, half-opens after ${circuitBreaker.halfOpenAfterMs} ms`,
    `  bulkhead   ${bulkhead.maxConcurrent} in flight, ${bulkhead.maxQueue} queued`,
    `  rate       rpm ${limit(rateLimit.rpm)}, tpm ${limit(rateLimit.tpm)}, waits up to ${rateLimit.maxWaitMs} ms`,
    `  cache      ${cache.store}, ttl ${cache.ttlMs} ms, up to ${cache.maxBytes} bytes`,
    `  shared     ${config.redis.url === undefined ? 'nothing (no BULWARK_REDIS_URL)' : `rate limits${cache.store === 'redis' ? ' and cache' : ''} through Redis`}`,
  ];
}
