import type { ChatCompletion, ChatCompletionChunk } from 'openai/resources/chat/completions';

type Delta = ChatCompletionChunk.Choice.Delta;

function split(text: string, size: number): string[] {
  const characters = Array.from(text);
  const pieces: string[] = [];
  for (let start = 0; start < characters.length; start += size) {
    pieces.push(characters.slice(start, start + size).join(''));
  }
  return pieces;
}

/**
 * Cuts a completion into the chunks OpenAI would stream for it: the role in
 * the first chunk, content deltas of `chunkSize` characters, each tool call
 * as a first delta with `index`, `id`, `type` and `function.name`, then its
 * `arguments` split over several deltas; `finish_reason` rides on the last
 * chunk of each choice.
 * @internal
 */
export function completionToChunks(
  completion: ChatCompletion,
  chunkSize: number,
): ChatCompletionChunk[] {
  const size = Math.max(1, Math.floor(chunkSize));
  const chunks: ChatCompletionChunk[] = [];
  const frame = (index: number, delta: Delta): ChatCompletionChunk => ({
    id: completion.id,
    object: 'chat.completion.chunk',
    created: completion.created,
    model: completion.model,
    ...(completion.system_fingerprint === undefined
      ? {}
      : { system_fingerprint: completion.system_fingerprint }),
    choices: [{ index, delta, logprobs: null, finish_reason: null }],
  });
  for (const choice of completion.choices) {
    const { content, tool_calls: toolCalls = [] } = choice.message;
    const choiceChunks: ChatCompletionChunk[] = [];
    const pieces = content ? split(content, size) : [];
    choiceChunks.push(
      frame(choice.index, {
        role: 'assistant',
        content: toolCalls.length > 0 && !content ? null : '',
        ...(choice.message.refusal ? { refusal: choice.message.refusal } : {}),
      }),
    );
    for (const piece of pieces) choiceChunks.push(frame(choice.index, { content: piece }));
    toolCalls.forEach((call, index) => {
      if (call.type !== 'function') return;
      choiceChunks.push(
        frame(choice.index, {
          tool_calls: [
            {
              index,
              id: call.id,
              type: 'function',
              function: { name: call.function.name, arguments: '' },
            },
          ],
        }),
      );
      const argumentSize = Math.min(
        size,
        Math.max(1, Math.ceil(call.function.arguments.length / 2)),
      );
      for (const piece of split(call.function.arguments, argumentSize)) {
        choiceChunks.push(
          frame(choice.index, { tool_calls: [{ index, function: { arguments: piece } }] }),
        );
      }
    });
    const last = choiceChunks.at(-1)?.choices[0];
    if (last) last.finish_reason = choice.finish_reason;
    chunks.push(...choiceChunks);
  }
  return chunks;
}

/**
 * Assembles streamed chunks into the completion a non-stream request would
 * have received (content and tool-call arguments concatenated per index).
 * @internal
 */
export function chunksToCompletion(chunks: ChatCompletionChunk[]): ChatCompletion {
  const first = chunks[0];
  const choices = new Map<number, ChatCompletion.Choice>();
  let usage: ChatCompletion['usage'];
  for (const chunk of chunks) {
    if (chunk.usage) usage = chunk.usage;
    for (const { index, delta, finish_reason: finishReason } of chunk.choices) {
      let choice = choices.get(index);
      if (!choice) {
        choice = {
          index,
          message: { role: 'assistant', content: null, refusal: null },
          logprobs: null,
          finish_reason: 'stop',
        };
        choices.set(index, choice);
      }
      const message = choice.message;
      if (typeof delta.content === 'string')
        message.content = (message.content ?? '') + delta.content;
      if (typeof delta.refusal === 'string')
        message.refusal = (message.refusal ?? '') + delta.refusal;
      for (const callDelta of delta.tool_calls ?? []) {
        const calls = (message.tool_calls ??= []);
        let call = calls[callDelta.index];
        if (!call || call.type !== 'function') {
          call = { id: '', type: 'function', function: { name: '', arguments: '' } };
          calls[callDelta.index] = call;
        }
        if (callDelta.id) call.id = callDelta.id;
        if (callDelta.function?.name) call.function.name += callDelta.function.name;
        if (callDelta.function?.arguments) call.function.arguments += callDelta.function.arguments;
      }
      if (finishReason) choice.finish_reason = finishReason;
    }
  }
  return {
    id: first?.id ?? 'chatcmpl-empty',
    object: 'chat.completion',
    created: first?.created ?? 0,
    model: first?.model ?? '',
    ...(first?.system_fingerprint === undefined
      ? {}
      : { system_fingerprint: first.system_fingerprint }),
    choices: [...choices.values()].sort((a, b) => a.index - b.index),
    ...(usage ? { usage } : {}),
  };
}
