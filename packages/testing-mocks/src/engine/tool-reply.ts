import type {
  ChatCompletionCreateParams,
  ChatCompletionFunctionTool,
  ChatCompletionMessageFunctionToolCall,
} from 'openai/resources/chat/completions';
import { toolCall } from '../builders/tool-call.js';
import { schemaValue, type JsonSchema } from './schema-value.js';

function functionTools(body: ChatCompletionCreateParams): ChatCompletionFunctionTool[] {
  return (body.tools ?? []).filter(
    (tool): tool is ChatCompletionFunctionTool => tool.type === 'function',
  );
}

function mentions(text: string, name: string): boolean {
  const lower = text.toLowerCase();
  const wanted = name.toLowerCase();
  return lower.includes(wanted) || lower.includes(wanted.replaceAll(/[_-]+/g, ' '));
}

/**
 * The function the default reply calls, or `undefined` for a text answer:
 * the named one for `tool_choice: { type: 'function', function: { name } }`,
 * the first for `'required'`, none for `'none'`, and for `'auto'` (or no
 * `tool_choice`) the first whose name the last user message mentions
 * (`get_weather` matches "get_weather" or "get weather", any case).
 * @internal
 */
export function chooseTool(
  body: ChatCompletionCreateParams,
  lastUser: string,
): ChatCompletionFunctionTool | undefined {
  const tools = functionTools(body);
  const choice = body.tool_choice;
  if (tools.length === 0 || choice === 'none') return undefined;
  if (typeof choice === 'object' && choice.type === 'function') {
    return tools.find((tool) => tool.function.name === choice.function.name);
  }
  if (typeof choice === 'object' && choice.type === 'allowed_tools') {
    const allowed = new Set(
      choice.allowed_tools.tools.map(
        (tool) => (tool as { function?: { name?: string } }).function?.name,
      ),
    );
    const candidates = tools.filter((tool) => allowed.has(tool.function.name));
    if (choice.allowed_tools.mode === 'required') return candidates[0];
    return candidates.find((tool) => mentions(lastUser, tool.function.name));
  }
  if (choice === 'required') return tools[0];
  return tools.find((tool) => mentions(lastUser, tool.function.name));
}

/**
 * A call of `tool` whose `arguments` satisfy its `parameters` schema (see
 * `schemaValue`), with a fresh `call_…` id.
 * @internal
 */
export function callTool(tool: ChatCompletionFunctionTool): ChatCompletionMessageFunctionToolCall {
  const parameters = (tool.function.parameters ?? { type: 'object', properties: {} }) as JsonSchema;
  return toolCall({ name: tool.function.name, arguments: JSON.stringify(schemaValue(parameters)) });
}
