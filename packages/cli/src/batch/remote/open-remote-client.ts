import { ConfigError } from '@bulwark/core';
import { isLoopbackHost } from '@bulwark/core/security';
import type { CliContext } from '../../cli-context.js';
import { loadCliConfig } from '../../config/load-cli-config.js';
import { createBatchApiClient, type BatchApiClient } from './batch-api-client.js';

/**
 * The Batch API client of a remote run, configured as every command is
 * (`OPENAI_API_KEY`, `OPENAI_BASE_URL`, `.env`, `--base-url`): `https:`
 * unless loopback, and a key unless loopback.
 *
 * @param context - the CLI's environment.
 * @param baseUrl - `--base-url`, if given.
 * @throws ConfigError when the base URL is refused or the key is missing.
 */
export function openRemoteClient(context: CliContext, baseUrl: string | undefined): BatchApiClient {
  const config = loadCliConfig(context, { baseURL: baseUrl });
  const apiKey = config.apiKey?.reveal();
  if (
    (apiKey === undefined || apiKey === '') &&
    !isLoopbackHost(new URL(config.baseURL).hostname)
  ) {
    throw new ConfigError({
      issues: [{ name: 'OPENAI_API_KEY', message: 'an API key is required for the Batch API' }],
    });
  }
  return createBatchApiClient({
    baseURL: config.baseURL,
    apiKey: apiKey === '' ? undefined : apiKey,
    organization: config.organization,
    project: config.project,
    signal: context.signal,
  });
}
