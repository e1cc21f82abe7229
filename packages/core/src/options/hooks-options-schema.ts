import { z } from 'zod';
import type {
  AfterEmbeddingsHook,
  AfterResponseHook,
  BeforeEmbeddingsHook,
  BeforeRequestHook,
} from '../hooks/hooks.js';
import { customValue, isFunction } from './option-schemas.js';

/** A list of hooks: functions, run in order. */
function hookList<Hook>() {
  return z.array(customValue<Hook>(isFunction, 'expected a function')).readonly().default([]);
}

/**
 * The `hooks` option: user pre- and post-processing, each list run in order.
 * Chat calls run `beforeRequest` and `afterResponse`, embeddings calls
 * `beforeEmbeddings` and `afterEmbeddings`.
 */
export const hooksOptionsSchema = z
  .object({
    /** Run before each chat call, in order. @default [] */
    beforeRequest: hookList<BeforeRequestHook>(),
    /** Run after each chat answer, in order. @default [] */
    afterResponse: hookList<AfterResponseHook>(),
    /** Run before each embeddings call, in order. @default [] */
    beforeEmbeddings: hookList<BeforeEmbeddingsHook>(),
    /** Run after each embeddings answer, in order. @default [] */
    afterEmbeddings: hookList<AfterEmbeddingsHook>(),
  })
  .prefault({});
