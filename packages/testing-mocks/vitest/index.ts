/**
 * `@bulwark/testing-mocks/vitest`: {@link useMockOpenAI}, a fresh OpenAI mock
 * for every vitest test with a consumed-check after it.
 *
 * @module @bulwark/testing-mocks/vitest
 */
import { afterEach, beforeEach } from 'vitest';
import type { ChatMatcher } from '../src/engine/chat-matcher.js';
import type { EmbeddingsMatcher } from '../src/engine/embeddings-matcher.js';
import {
  createMockOpenAI,
  type MockOpenAI,
  type MockOpenAIOptions,
} from '../src/engine/create-mock-openai.js';

/**
 * Gives every test of the enclosing `describe` (or file) a fresh OpenAI mock:
 * a new mock before each test, and `assertAllConsumed()` after it, so a
 * `replyOnce` a test never used fails that test.
 *
 * The returned object always speaks to the current test's mock, so it can be
 * captured once (`new OpenAI({ fetch: mock.fetch })` at the top of a file
 * works).
 *
 * @param options - options of every mock created (see `createMockOpenAI`).
 * @returns a mock that always delegates to the running test's fresh mock.
 * @throws `Error` when the returned mock is used outside a running test
 * (at import time or in `beforeAll`), and, after each test, the error of
 * `assertAllConsumed()` when a scripted reply was never used.
 * @example
 * ```ts
 * import { useMockOpenAI } from '@bulwark/testing-mocks/vitest';
 *
 * const mock = useMockOpenAI();
 * const openai = new OpenAI({ apiKey: 'sk-test', fetch: mock.fetch });
 *
 * it('greets', async () => {
 *   mock.onChat().replyOnce('Hi!');
 *   const completion = await openai.chat.completions.create({ model: 'gpt-4', messages });
 * });
 * ```
 */
export function useMockOpenAI(options: MockOpenAIOptions = {}): MockOpenAI {
  let current: MockOpenAI | undefined;
  const mock = (): MockOpenAI => {
    if (current === undefined) {
      throw new Error('useMockOpenAI(): the mock exists only while a test runs');
    }
    return current;
  };
  beforeEach(() => {
    current = createMockOpenAI(options);
  });
  afterEach(() => {
    const finished = current;
    current = undefined;
    finished?.assertAllConsumed();
  });
  return {
    fetch: (input, init) => mock().fetch(input, init),
    handle: (request) => mock().handle(request),
    onChat: (matcher?: ChatMatcher) => mock().onChat(matcher),
    onEmbeddings: (matcher?: EmbeddingsMatcher) => mock().onEmbeddings(matcher),
    deployment: (name, deploymentOptions) => mock().deployment(name, deploymentOptions),
    get batches() {
      return mock().batches;
    },
    get calls() {
      return mock().calls;
    },
    get unmatched() {
      return mock().unmatched;
    },
    get embeddingCalls() {
      return mock().embeddingCalls;
    },
    assertAllConsumed: () => mock().assertAllConsumed(),
    reset: () => mock().reset(),
  };
}
