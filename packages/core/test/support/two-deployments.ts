import { createMockOpenAI, type MockOpenAI } from '@bulwark/testing-mocks';
import type { RoutesConfig } from '../../src/routes/routes-config.js';

/** The route every two-deployment test calls. */
export const ROUTED_MODEL = 'gpt-4-1106-preview';

/** A mock standing in for two OpenAI deployments, `primary` and `secondary`, each with its key. */
export function twoDeploymentMock(): MockOpenAI {
  return createMockOpenAI({
    deployments: {
      primary: { provider: 'openai', apiKey: 'primary-test-key' },
      secondary: { provider: 'openai', apiKey: 'secondary-test-key' },
    },
  });
}

/**
 * Routes for {@link twoDeploymentMock}: {@link ROUTED_MODEL} on `primary`,
 * then `secondary`; `extra` adds or replaces deployments' fields and routes.
 */
export function twoDeploymentRoutes(
  mock: MockOpenAI,
  extra: {
    primary?: { rpm?: number; model?: string };
    secondary?: { rpm?: number; model?: string };
    firstChunkTimeoutMs?: number | undefined;
  } = {},
): RoutesConfig {
  const deployment = (name: 'primary' | 'secondary') => ({
    provider: 'openai' as const,
    baseURL: mock.deployment(name).url(),
    apiKey: `${name}-test-key`,
    ...extra[name],
  });
  return {
    deployments: { primary: deployment('primary'), secondary: deployment('secondary') },
    routes: { [ROUTED_MODEL]: { deployments: ['primary', 'secondary'] } },
    ...(extra.firstChunkTimeoutMs === undefined
      ? {}
      : { firstChunkTimeoutMs: extra.firstChunkTimeoutMs }),
  };
}

/** How many calls a deployment of the mock received. */
export function callsTo(mock: MockOpenAI, name: string): number {
  return mock.calls.filter((call) => call.deployment === name).length;
}
