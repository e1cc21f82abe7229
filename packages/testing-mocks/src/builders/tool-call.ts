import type { ChatCompletionMessageFunctionToolCall } from 'openai/resources/chat/completions';
import { createId } from './create-id.js';

/** What {@link toolCall} needs to build a function tool call. */
export interface ToolCallInput {
  /** Name of the function the model calls. */
  name: string;
  /**
   * Arguments of the call: an object (serialised with `JSON.stringify`) or the
   * raw JSON text the model produced.
   */
  arguments: string | Record<string, unknown>;
  /**
   * Identifier of the call.
   * @default a fresh `call_…` id
   */
  id?: string;
}

/**
 * Builds a function tool call as it appears in `message.tool_calls` of a
 * completion, typed with the `openai` SDK's `ChatCompletionMessageToolCall`.
 *
 * @example
 * ```ts
 * mock.onChat().reply({ toolCalls: [toolCall({ name: 'get_weather', arguments: { city: 'Paris' } })] });
 * ```
 */
export function toolCall(input: ToolCallInput): ChatCompletionMessageFunctionToolCall {
  return {
    id: input.id ?? createId('call_'),
    type: 'function',
    function: {
      name: input.name,
      arguments:
        typeof input.arguments === 'string' ? input.arguments : JSON.stringify(input.arguments),
    },
  };
}
