import { mulberry32 } from '../chaos/mulberry32.js';

/** The vector length of OpenAI's embedding models, by model. @internal */
export const EMBEDDING_DIMENSIONS: Readonly<Record<string, number>> = Object.freeze({
  'text-embedding-3-small': 1536,
  'text-embedding-3-large': 3072,
  'text-embedding-ada-002': 1536,
});

/** The length of the vectors of a model the embedding table does not know. @internal */
export const FALLBACK_DIMENSIONS = 1536;

/**
 * The native vector length of a model: its entry in
 * {@link EMBEDDING_DIMENSIONS}, also for a dated snapshot or a fine-tune of
 * it; `undefined` for any other model.
 * @internal
 */
export function embeddingDimensions(model: string): number | undefined {
  const base = model.startsWith('ft:') ? (model.split(':')[1] ?? '') : model;
  for (const [name, dimensions] of Object.entries(EMBEDDING_DIMENSIONS)) {
    if (base === name || base.startsWith(`${name}-`)) return dimensions;
  }
  return undefined;
}

/** FNV-1a over UTF-16 code units: a 32-bit seed from a text. */
function seedOf(text: string): number {
  let hash = 0x811c9dc5;
  for (let index = 0; index < text.length; index += 1) {
    hash ^= text.charCodeAt(index);
    hash = Math.imul(hash, 0x01000193);
  }
  return hash >>> 0;
}

/**
 * The mock's embedding of one input: a unit-length vector of float32
 * values, the same for the same model and input in every run. It is drawn
 * at the model's native length, and a shorter `dimensions` keeps its first
 * values, normalised again, as OpenAI shortens `text-embedding-3-*` vectors.
 *
 * @param model - the request's model.
 * @param input - one input: a text or an array of token ids.
 * @param nativeDimensions - the model's vector length.
 * @param dimensions - the length asked for (at most `nativeDimensions`).
 * @internal
 */
export function embeddingVector(
  model: string,
  input: string | readonly number[],
  nativeDimensions: number,
  dimensions: number,
): Float32Array {
  const next = mulberry32(seedOf(`${model}\u0000${JSON.stringify(input)}`));
  const drawn = new Float64Array(nativeDimensions);
  for (let index = 0; index < nativeDimensions; index += 1) drawn[index] = next() * 2 - 1;
  let sum = 0;
  for (let index = 0; index < dimensions; index += 1) sum += (drawn[index] ?? 0) ** 2;
  const norm = Math.sqrt(sum) || 1;
  const vector = new Float32Array(dimensions);
  for (let index = 0; index < dimensions; index += 1) vector[index] = (drawn[index] ?? 0) / norm;
  return vector;
}

/**
 * A vector as OpenAI's `encoding_format: 'base64'` sends it: the base64 text
 * of its float32 values, little-endian.
 * @internal
 */
export function toBase64(vector: Float32Array): string {
  const view = new DataView(new ArrayBuffer(vector.length * 4));
  for (let index = 0; index < vector.length; index += 1) {
    view.setFloat32(index * 4, vector[index] ?? 0, true);
  }
  // Web APIs only (no Buffer), so the engine runs wherever `fetch` does; in slices for the call stack.
  const bytes = new Uint8Array(view.buffer);
  let binary = '';
  for (let start = 0; start < bytes.length; start += 0x8000) {
    binary += String.fromCharCode(...bytes.subarray(start, start + 0x8000));
  }
  return btoa(binary);
}
