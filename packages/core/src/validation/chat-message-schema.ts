import { z } from 'zod';
import { stripControlCharacters } from './strip-control-characters.js';

// A check that rewrites the value, not a transform: no pipe to run for every text.
const text = z.string().overwrite(stripControlCharacters);
const textPart = z.looseObject({ type: z.literal('text'), text });
const imagePart = z.looseObject({
  type: z.literal('image_url'),
  image_url: z.looseObject({
    url: z.string().min(1),
    detail: z.enum(['auto', 'low', 'high']).optional(),
  }),
});
const audioPart = z.looseObject({
  type: z.literal('input_audio'),
  input_audio: z.looseObject({ data: z.string().min(1), format: z.enum(['wav', 'mp3']) }),
});
const filePart = z.looseObject({
  type: z.literal('file'),
  file: z.looseObject({
    file_data: z.string().optional(),
    file_id: z.string().optional(),
    filename: z.string().optional(),
  }),
});
const refusalPart = z.looseObject({ type: z.literal('refusal'), refusal: z.string() });

const textContent = z.union([text, z.array(textPart).min(1)]);
const userContent = z.union([
  text,
  z.array(z.discriminatedUnion('type', [textPart, imagePart, audioPart, filePart])).min(1),
]);
const assistantContent = z.union([
  text,
  z.array(z.discriminatedUnion('type', [textPart, refusalPart])),
]);
const name = z.string().min(1).max(64).optional();

const toolCall = z.discriminatedUnion('type', [
  z.looseObject({
    id: z.string().min(1),
    type: z.literal('function'),
    function: z.looseObject({ name: z.string().min(1), arguments: z.string() }),
  }),
  z.looseObject({
    id: z.string().min(1),
    type: z.literal('custom'),
    custom: z.looseObject({ name: z.string().min(1), input: z.string() }),
  }),
]);

/**
 * One chat message, by role (`system`, `developer`, `user`, `assistant`,
 * `tool`, `function`), with its content parts and tool calls; unknown fields
 * pass through. Text comes out with non-whitespace control characters stripped.
 */
export const chatMessageSchema = z.discriminatedUnion('role', [
  z.looseObject({
    /** A system message. */
    role: z.literal('system'),
    /** Its text. */
    content: textContent,
    /** An optional participant name. */
    name,
  }),
  z.looseObject({
    /** A developer message (system instructions for reasoning models). */
    role: z.literal('developer'),
    /** Its text. */
    content: textContent,
    /** An optional participant name. */
    name,
  }),
  z.looseObject({
    /** A user message. */
    role: z.literal('user'),
    /** Text, or text, image, audio and file parts. */
    content: userContent,
    /** An optional participant name. */
    name,
  }),
  z
    .looseObject({
      role: z.literal('assistant'),
      content: assistantContent.nullish(),
      name,
      refusal: z.string().nullish(),
      tool_calls: z.array(toolCall).optional(),
    })
    .refine(
      (value) =>
        value.content != null ||
        (value.tool_calls?.length ?? 0) > 0 ||
        value['function_call'] != null ||
        value['audio'] != null,
      { message: 'an assistant message needs content or tool_calls', path: ['content'] },
    ),
  z.looseObject({ role: z.literal('tool'), content: textContent, tool_call_id: z.string().min(1) }),
  z.looseObject({ role: z.literal('function'), content: z.string().nullable(), name: z.string() }),
]);
