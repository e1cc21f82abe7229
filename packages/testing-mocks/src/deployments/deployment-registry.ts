import { DEFAULT_MODEL } from '../builders/defaults.js';
import { createId } from '../builders/create-id.js';
import type { MockOpenAI, MockOpenAIOptions } from '../engine/create-mock-openai.js';
import type { MockCall, MockEmbeddingsCall } from '../engine/mock-call.js';
import { toAzureError } from './azure-errors.js';
import { withAzureFilterResults } from './azure-filter-results.js';
import { checkDeploymentRequest } from './check-deployment-request.js';
import { withModel } from './with-model.js';
import type { MockDeployment, MockDeploymentOptions } from './mock-deployment.js';

/**
 * Creates an engine whose chat and embeddings calls are reported to `onCall`
 * and `onEmbeddingsCall`, with its unused steps. @internal
 */
export type EngineFactory = (
  options: MockOpenAIOptions,
  onCall: (call: MockCall) => void,
  anyModel: boolean,
  onEmbeddingsCall: (call: MockEmbeddingsCall) => void,
) => { mock: MockOpenAI; problems: () => string[] };

/** What a mock's deployments need from the mock. @internal */
export interface DeploymentRegistryOptions {
  /** The mock's own options: `now` and `strict` are shared with its deployments. */
  parent: MockOpenAIOptions;
  /** Builds one deployment's engine. */
  create: EngineFactory;
  /** Records a deployment's chat call in the mock's own log. */
  record: (call: MockCall) => void;
  /** Records a deployment's embeddings call in the mock's own log. */
  recordEmbeddings: (call: MockEmbeddingsCall) => void;
}

/** The deployments of one mock, routed by the first path segment. @internal */
export interface DeploymentRegistry {
  add(name: string, options: MockDeploymentOptions): MockDeployment;
  get(name: string): MockDeployment;
  /** Answers a request addressed to a deployment, or `undefined` for the mock's own routes. */
  route(request: Request): Promise<Response> | undefined;
  /** Unused steps and unmatched requests of every deployment, each prefixed by its name. */
  problems(): string[];
  reset(): void;
}

const RATE_LIMIT_HEADERS_AZURE_OMITS = /^x-ratelimit-(limit|reset)-/;

interface Entry {
  deployment: MockDeployment;
  engine: MockOpenAI;
  problems: () => string[];
  options: MockDeploymentOptions;
}

/** @internal */
export function createDeploymentRegistry(options: DeploymentRegistryOptions): DeploymentRegistry {
  const entries = new Map<string, Entry>();

  const answer = async (request: Request, rest: string, entry: Entry): Promise<Response> => {
    const decision = checkDeploymentRequest(request, rest, entry.options, entry.deployment.name);
    if ('answer' in decision) {
      decision.answer.headers.set('x-request-id', createId('req_', 32));
      return withAzureHeaders(decision.answer, entry.options);
    }
    if (entry.options.provider === 'openai') return entry.engine.handle(request);
    const forwarded = await withModel(request, entry.options.model ?? DEFAULT_MODEL);
    const response = await entry.engine.handle(forwarded);
    const shaped =
      response.status >= 400
        ? await toAzureError(response, decision.apiVersion ?? '')
        : await withAzureFilterResults(response);
    return withAzureHeaders(shaped, entry.options);
  };

  return {
    add(name, deploymentOptions) {
      if (name === '' || name.includes('/')) {
        throw new RangeError(
          `A deployment name must be one path segment, got ${JSON.stringify(name)}`,
        );
      }
      if (entries.has(name))
        throw new Error(`The mock already has a deployment named ${JSON.stringify(name)}`);
      const { mock: engine, problems } = options.create(
        {
          ...pick(options.parent, ['now', 'strict', 'models']),
          ...pick(deploymentOptions, ['strict', 'rateLimit', 'chaos']),
        },
        (call) => {
          call.deployment = name;
          options.record(call);
        },
        // Azure's deployment decides the model: the body's is not checked.
        deploymentOptions.provider === 'azure',
        (call) => {
          call.deployment = name;
          options.recordEmbeddings(call);
        },
      );
      const deployment: MockDeployment = {
        name,
        provider: deploymentOptions.provider,
        url: (origin = 'http://127.0.0.1') => {
          const base = `${origin.replace(/\/+$/, '')}/${encodeURIComponent(name)}`;
          return deploymentOptions.provider === 'openai' ? `${base}/v1` : base;
        },
        onChat: (matcher) => engine.onChat(matcher),
        onEmbeddings: (matcher) => engine.onEmbeddings(matcher),
        get calls() {
          return engine.calls;
        },
        get embeddingCalls() {
          return engine.embeddingCalls;
        },
        get unmatched() {
          return engine.unmatched;
        },
        assertAllConsumed: () => engine.assertAllConsumed(),
        reset: () => engine.reset(),
      };
      entries.set(name, { deployment, engine, problems, options: deploymentOptions });
      return deployment;
    },
    get(name) {
      const entry = entries.get(name);
      if (entry === undefined) {
        throw new Error(
          `The mock has no deployment named ${JSON.stringify(name)}; declare it with mock.deployment(name, { provider })`,
        );
      }
      return entry.deployment;
    },
    route(request) {
      if (entries.size === 0) return undefined;
      const { pathname } = new URL(request.url);
      const [, first = '', ...rest] = pathname.split('/');
      const entry = entries.get(safeDecode(first));
      if (entry === undefined) return undefined;
      return answer(request, `/${rest.join('/')}`, entry);
    },
    problems() {
      return [...entries.values()].flatMap(({ deployment, problems }) =>
        problems().map((problem) => `deployment ${deployment.name}: ${problem}`),
      );
    },
    reset() {
      for (const { engine } of entries.values()) engine.reset();
    },
  };
}

/** The fields of `source` that are set, among `keys`. */
function pick<T extends object, K extends keyof T>(
  source: T,
  keys: readonly K[],
): Partial<Pick<T, K>> {
  const picked: Partial<Pick<T, K>> = {};
  for (const key of keys) if (source[key] !== undefined) picked[key] = source[key];
  return picked;
}

function safeDecode(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}

/** Azure sends `apim-request-id` and only the `x-ratelimit-remaining-*` headers. */
function withAzureHeaders(response: Response, options: MockDeploymentOptions): Response {
  if (options.provider !== 'azure') return response;
  for (const name of [...response.headers.keys()]) {
    if (RATE_LIMIT_HEADERS_AZURE_OMITS.test(name)) response.headers.delete(name);
  }
  const requestId = response.headers.get('x-request-id');
  if (requestId !== null) response.headers.set('apim-request-id', requestId);
  return response;
}
