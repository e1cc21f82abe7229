import type { ChatRequest } from '../client/chat-completions.js';
import { stripControlCharacters } from './strip-control-characters.js';
import type { DEFAULT_VALIDATION_LIMITS } from './validation-limits.js';

/** The size bounds the request schema was built with. */
export type ValidationBounds = typeof DEFAULT_VALIDATION_LIMITS;

/** The output the schema gives a field's value, or {@link DECLINED} when the schema must decide. */
type Field = (value: unknown) => unknown;

const DECLINED = Symbol('declined');
const decline: Field = () => DECLINED;
const nullish =
  (accepts: (value: unknown) => boolean): Field =>
  (value) =>
    value == null || accepts(value) ? value : DECLINED;
const number = (min: number, max: number) =>
  nullish((value) => typeof value === 'number' && value >= min && value <= max);
const whole = (min: number, max = Number.MAX_SAFE_INTEGER) =>
  nullish(
    (value) => Number.isSafeInteger(value) && (value as number) >= min && (value as number) <= max,
  );
const flag = nullish((value) => typeof value === 'boolean');
const name = nullish((value) => typeof value === 'string' && value !== '');

function isRecord(value: unknown): value is Record<string, unknown> {
  return (
    typeof value === 'object' && value !== null && Object.getPrototypeOf(value) === Object.prototype
  );
}

/**
 * Every field the request schema knows (`createChatRequestSchema`), with
 * what it makes of a value; the fields this fast path leaves to it decline.
 * A field the schema does not know passes through as it is, as the schema's
 * loose object lets it. The tests hold this list to the schema's own. Its
 * prototype is null so that a body's `toString` or `constructor` field is
 * not taken for a field the schema knows.
 */
export const PLAIN_FIELDS: Readonly<Record<string, Field>> = Object.assign(Object.create(null), {
  model: (value) =>
    value === undefined || (typeof value === 'string' && value !== '') ? value : DECLINED,
  messages: decline,
  temperature: number(0, 2),
  top_p: number(0, 1),
  n: whole(1, 128),
  max_tokens: whole(1),
  max_completion_tokens: whole(1),
  presence_penalty: number(-2, 2),
  frequency_penalty: number(-2, 2),
  top_logprobs: whole(0, 20),
  seed: whole(Number.MIN_SAFE_INTEGER),
  stop: (value) =>
    value == null || typeof value === 'string'
      ? value
      : Array.isArray(value) && value.length <= 4 && value.every((stop) => typeof stop === 'string')
        ? [...(value as string[])]
        : DECLINED,
  stream: flag,
  tools: decline,
  response_format: decline,
  parallel_tool_calls: flag,
  reasoning_effort: name,
  stream_options: (value) => {
    if (value == null) return value;
    if (!isRecord(value)) return DECLINED;
    const { include_usage: usage, include_obfuscation: obfuscation } = value;
    return flag(usage) === DECLINED || flag(obfuscation) === DECLINED ? DECLINED : { ...value };
  },
  store: flag,
  metadata: decline,
  service_tier: name,
  prediction: decline,
  modalities: decline,
} satisfies Record<string, Field>);
const PLAIN_ROLES = new Set(['system', 'developer', 'user', 'assistant']);

/**
 * The common request, validated without zod: messages of the `system`,
 * `developer`, `user` and `assistant` roles with text content and an
 * optional `name`, and any top-level field but tools, response formats,
 * metadata, predictions and modalities. It answers only when every check the
 * request schema makes of such a request passes, with the output the schema
 * gives (a copy, text stripped of control characters); for anything else it
 * answers `undefined` and the schema decides, with its errors. Zod takes
 * about 30 µs on such a request in a warm process and over 100 µs after the
 * process waited for I/O, before the call is sent; this takes a few. The
 * tests hold it to the schema's output on generated requests.
 *
 * @param request - the request as given.
 * @param bounds - the schema's size bounds.
 * @returns the validated copy, or `undefined` when the schema must decide.
 */
export function plainChatRequest(
  request: unknown,
  bounds: ValidationBounds,
): ChatRequest | undefined {
  if (!isRecord(request)) return undefined;
  const output: Record<string, unknown> = {};
  for (const field in request) {
    // JSON.parse makes `__proto__` an own field, which an assignment below would take for the
    // prototype; the schema drops it.
    if (field === '__proto__') return undefined;
    const known = PLAIN_FIELDS[field];
    const value = request[field];
    if (known === undefined) output[field] = value;
    else if (field !== 'messages') {
      const checked = known(value);
      if (checked === DECLINED) return undefined;
      output[field] = checked;
    }
  }
  const messages = plainMessages(request['messages'], bounds);
  if (messages === undefined) return undefined;
  output['messages'] = messages;
  return output as unknown as ChatRequest;
}

function plainMessages(
  messages: unknown,
  bounds: ValidationBounds,
): Record<string, unknown>[] | undefined {
  if (!Array.isArray(messages) || messages.length === 0 || messages.length > bounds.maxMessages) {
    return undefined;
  }
  const copies: Record<string, unknown>[] = [];
  let total = 0;
  for (const message of messages as unknown[]) {
    if (!isRecord(message)) return undefined;
    const { role, content } = message;
    if (typeof role !== 'string' || !PLAIN_ROLES.has(role) || typeof content !== 'string') {
      return undefined;
    }
    for (const field in message) {
      if (field !== 'role' && field !== 'content' && field !== 'name') return undefined;
    }
    const participant = message['name'];
    if (
      participant !== undefined &&
      (typeof participant !== 'string' || participant === '' || participant.length > 64)
    ) {
      return undefined;
    }
    const text = stripControlCharacters(content);
    if (text.length > bounds.maxMessageLength) return undefined;
    total += text.length;
    const copy = { ...message };
    copy.content = text;
    copies.push(copy);
  }
  return total > bounds.maxTotalLength ? undefined : copies;
}
