import { ConfigError, type ConfigIssue } from '../errors/config-error.js';
import type { ClientHooks } from '../hooks/hooks.js';
import { silentLogger, type Logger } from '../logging/logger.js';
import { DEFAULT_MODELS } from '../models/default-models.js';
import type { ModelInfo } from '../models/model-info.js';
import { checkBaseUrl } from '../security/check-base-url.js';
import type { ValidationLimits } from '../validation/validation-limits.js';
import type { ClientOptions } from './client-options.js';

/** {@link ClientOptions} with the client's own defaults applied. */
export interface ResolvedClientOptions {
  /** The key in clear, or `undefined` with an injected `fetch`. */
  apiKey: string | undefined;
  baseURL: string;
  organization: string | undefined;
  project: string | undefined;
  model: string;
  timeoutMs: number;
  hooks: Required<{ [K in keyof ClientHooks]: NonNullable<ClientHooks[K]> }>;
  models: Readonly<Record<string, ModelInfo>>;
  limits: ValidationLimits;
  fetch: typeof fetch | undefined;
  logger: Logger;
}

/**
 * Applies the defaults of {@link ClientOptions} and checks what the client
 * relies on: a key or a `fetch`, a secure base URL, a positive timeout.
 *
 * @param options - the caller's options.
 * @returns the resolved options.
 * @throws {@link ConfigError} listing every bad option.
 */
export function resolveClientOptions(options: ClientOptions): ResolvedClientOptions {
  const issues: ConfigIssue[] = [];
  const apiKey =
    typeof options.apiKey === 'string' || options.apiKey === undefined
      ? options.apiKey
      : options.apiKey.reveal();
  if ((apiKey === undefined || apiKey === '') && options.fetch === undefined) {
    issues.push({
      name: 'apiKey',
      message: 'an API key is required (set OPENAI_API_KEY, or pass apiKey or a mock fetch)',
    });
  }
  const baseURL = options.baseURL ?? 'https://api.openai.com/v1';
  const baseUrlProblem = checkBaseUrl(baseURL);
  if (baseUrlProblem !== undefined) issues.push({ name: 'baseURL', message: baseUrlProblem });
  const timeoutMs = options.timeoutMs ?? 60_000;
  if (!Number.isInteger(timeoutMs) || timeoutMs <= 0) {
    issues.push({ name: 'timeoutMs', message: 'expected a whole number of milliseconds > 0' });
  }
  if (issues.length > 0) throw new ConfigError({ issues, message: 'Invalid client options' });
  return {
    apiKey: apiKey === '' ? undefined : apiKey,
    baseURL,
    organization: options.organization,
    project: options.project,
    model: options.model ?? 'gpt-4-1106-preview',
    timeoutMs,
    hooks: {
      beforeRequest: options.hooks?.beforeRequest ?? [],
      afterResponse: options.hooks?.afterResponse ?? [],
    },
    models: { ...DEFAULT_MODELS, ...options.models },
    limits: options.limits ?? {},
    fetch: options.fetch,
    logger: options.logger ?? silentLogger,
  };
}
