import { sha256Hex } from '../security/sha256.js';
import type { ChatCompletionCreateParams } from 'openai/resources/chat/completions';
import type { EmbeddingCreateParams } from 'openai/resources/embeddings';
import { configure } from 'safe-stable-stringify';

/** Version of the key and entry format; part of every key, so a format change never reads old entries. */
export const CACHE_KEY_VERSION = 'v1';

/**
 * Request fields left out of the cache key because they do not change the
 * answer: who is asking (`user`, `safety_identifier`), tags and storage on
 * OpenAI's side (`metadata`, `store`), and hints for OpenAI's own prompt
 * cache (`prompt_cache_key`, `prompt_cache_retention`, `prompt_cache_options`).
 * `stream_options` is left out of non-streaming requests only (it has no
 * effect there); in a streaming request it decides whether a usage chunk and
 * obfuscation padding are sent, so it is part of the key.
 *
 * Every other field is part of the key, including fields this list does not
 * know yet: an unknown field can only cost a hit, never return a wrong answer.
 */
export const CACHE_KEY_EXCLUDED_FIELDS: readonly string[] = Object.freeze([
  'user',
  'safety_identifier',
  'metadata',
  'store',
  'prompt_cache_key',
  'prompt_cache_retention',
  'prompt_cache_options',
]);

const excluded = new Set(CACHE_KEY_EXCLUDED_FIELDS);

// Sorted object keys at every depth; anything JSON cannot represent exactly throws.
const canonicalJson = configure({
  deterministic: true,
  strict: true,
  bigint: false,
  circularValue: TypeError,
});

/** Options of {@link createCacheKey}. */
export interface CacheKeyOptions {
  /** Separates caches sharing a store (tenants, upstreams, key rotations); part of the key in clear. */
  namespace: string;
  /**
   * The API the request is for. An embeddings key is
   * `bulwark:v1:<namespace>:embeddings:<sha256>` and its digest covers the
   * endpoint too, so a chat and an embeddings request never share a key,
   * whatever fields they hold.
   * @default 'chat'
   */
  endpoint?: 'chat' | 'embeddings' | undefined;
}

/**
 * Computes the canonical cache key of a validated request:
 * `bulwark:v1:<namespace>:<sha256>`, where the SHA-256 (hex) covers the
 * canonical JSON of every field that changes the answer (object keys sorted
 * at every depth, so field order never matters; array order does). `stream`
 * is part of it (`true` or absent): a stream and a completion are cached
 * apart, since neither can be rebuilt exactly from the other. See
 * {@link CACHE_KEY_EXCLUDED_FIELDS} for the fields left out.
 *
 * @param request - the request as it goes upstream (after validation and the `beforeRequest` hooks; `model` set).
 * @param options - the namespace.
 * @returns the key; two requests share it exactly when they ask for the same answer in the same namespace.
 * @throws {Error} when the request holds a value JSON cannot represent exactly (a function, `NaN`, a `bigint`, a cycle).
 * @example
 * ```ts
 * createCacheKey({ model: 'gpt-4', messages, temperature: 0 }, { namespace: 'default' });
 * // 'bulwark:v1:default:5f1c…'
 * ```
 */
export function createCacheKey(
  request: ChatCompletionCreateParams | EmbeddingCreateParams,
  options: CacheKeyOptions,
): string {
  if (options.endpoint === 'embeddings') {
    const digest = sha256Hex(`embeddings\n${canonicalJson(keyedFields(request))}`);
    return `bulwark:${CACHE_KEY_VERSION}:${options.namespace}:embeddings:${digest}`;
  }
  const digest = sha256Hex(canonicalJson(keyedFields(request)));
  return `bulwark:${CACHE_KEY_VERSION}:${options.namespace}:${digest}`;
}

/** Whether a field stays out of the key of a request that is (or is not) a stream. */
function isLeftOut(name: string, stream: boolean): boolean {
  return excluded.has(name) || (!stream && (name === 'stream' || name === 'stream_options'));
}

/**
 * The fields that make the key: the request itself when it holds no field
 * to leave out (the usual case, and no copy), else a copy without them.
 * Fields set to `undefined` need no removal: canonical JSON leaves them out.
 */
function keyedFields(request: ChatCompletionCreateParams | EmbeddingCreateParams): object {
  const stream = 'stream' in request && request.stream === true;
  const names = Object.keys(request);
  if (!names.some((name) => isLeftOut(name, stream))) return request;
  const fields: Record<string, unknown> = {};
  for (const name of names) {
    if (!isLeftOut(name, stream))
      fields[name] = (request as unknown as Record<string, unknown>)[name];
  }
  return fields;
}
